"""Title, date and occasion inference on real openings and traditional-script ones."""
import pytest

from kb.ingest.metadata import infer_meta
from kb.model.speech import RawLine

CASES = [
    # opening lines -> (title, date, occasion)
    (["在2023年企业党组织书记抓基层党建工作述职评议会上的讲话", "同志们：", "今天，我们在这里召开会议。"],
     ("在2023年企业党组织书记抓基层党建工作述职评议会上的讲话", "2023", None)),
    (["同志们：", "今天，我们召开****党2022年党建与党风廉政建设工作部署会，主要任务是进一步凝聚共识。"],
     ("在****党2022年党建与党风廉政建设工作部署会上的讲话", "2022", "****党2022年党建与党风廉政建设工作部署会")),
    (["同志们：", "今天我们分三个阶段，集中召开2021年党建工作述职评议会和2022年党风廉政建设暨党建工作会议，三个会议有机衔接。"],
     ("在2021年党建工作述职评议会和2022年党风廉政建设暨党建工作会议上的讲话", "2022",
      "2021年党建工作述职评议会和2022年党风廉政建设暨党建工作会议")),
    (["同志們：", "今天，我們召開2024年全面從嚴治黨工作會議，主要任務是部署工作。"],
     ("在2024年全面從嚴治黨工作會議上的講話", "2024", "2024年全面從嚴治黨工作會議")),
    (["在2024年3月5日全市組織工作會議上的講話", "同志們："],
     ("在2024年3月5日全市組織工作會議上的講話", "2024-03-05", None)),
    (["2022年是党的二十大召开之年，也是落实十四五规划关键的一年。"],
     ("2022年是党的二十大召开之年", "2022", None)),
]


@pytest.mark.parametrize("lines,expected", CASES)
def test_infer_meta(lines, expected):
    meta = infer_meta([RawLine(t, i + 1) for i, t in enumerate(lines)])
    assert (meta.title, meta.date, meta.occasion) == expected


def test_explicit_title_wins():
    meta = infer_meta([RawLine("同志们：", 1)], explicit_title="在XX会议上的讲话")
    assert meta.title == "在XX会议上的讲话" and meta.title_line is None
