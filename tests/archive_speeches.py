"""Realistic speeches from units unlike the bundled samples (a hospital, a university, a township),
as structured data, and helpers that write them as real files with real tools (python-docx with
Word's automatic numbering and a table, LibreOffice, Chromium's print).

Each speech: title, subtitle lines under it (speaker, date), and sections whose headings carry the
speaker's own numbering (一、 / （一） / 1.); with `numbered=True` the .docx leaves the numbers to
Word's numbering definitions instead, as offices do.
"""
from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class ArchiveSpeech:
    title: str
    lines_under_title: list[str]              # subtitle, speaker and date lines, in order
    opening: list[str]
    sections: list[tuple[str, list[str]]]     # (heading with its number, paragraphs)
    closing_lines: list[str] = field(default_factory=list)   # signature / date at the end
    expected: dict = field(default_factory=dict)              # date, speaker, unit

    def headings(self) -> list[str]:
        return [heading for heading, _ in self.sections]

    def paragraphs(self) -> list[str]:
        return self.opening + [p for _, ps in self.sections for p in ps]

    def text(self) -> str:
        out = [self.title, *self.lines_under_title, *self.opening]
        for heading, paragraphs in self.sections:
            out.append(heading)
            out.extend(paragraphs)
        out.extend(self.closing_lines)
        return "\n".join(out) + "\n"


HOSPITAL = ArchiveSpeech(
    title="在2024年第二季度党建工作例会上的讲话",
    lines_under_title=["（2024年6月20日）"],
    opening=[
        "同志们：",
        "今天召开第二季度党建工作例会，主要任务是总结上半年医院党建工作，分析存在的问题，部署下半年重点任务。刚才，各党支部书记分别汇报了工作情况，讲得都很实在，我都同意。下面，我讲三点意见。",
    ],
    sections=[
        ("一、提高政治站位，把党的领导贯穿医院工作全过程", [
            "公立医院是党领导下的公益性医疗机构，坚持党委领导下的院长负责制，是新时代公立医院改革发展的根本保证。上半年，院党委召开会议十二次，研究“三重一大”事项四十余项，党委把方向、管大局、作决策、促改革、保落实的作用进一步发挥。",
            "但也要清醒看到，个别科室党支部还存在重业务、轻党建的倾向，支部书记抓党建的精力投入不够，党建与业务“两张皮”的问题没有根本解决。",
        ]),
        ("二、加强支部建设，推动党建与业务深度融合", [
            "各临床医技科室党支部要落实“双带头人”培育工程，把党员培养成业务骨干，把业务骨干培养成党员。今年下半年，每个支部至少完成一项党建引领业务发展的创新项目。",
            "要把“三会一课”开在科室、开在病房，结合改善患者就医体验，开展党员示范岗、党员先锋病区评选活动，让患者在就医过程中感受到共产党员的先锋模范作用。",
        ]),
        ("三、严守纪律规矩，持之以恒正风肃纪", [
            "医疗卫生领域是群众反映强烈的重点领域。要紧盯药品耗材采购、基建项目、招标采购等关键环节，坚决纠治医药购销领域不正之风，对收受红包回扣的行为零容忍。",
            "各党支部要经常开展廉洁从医警示教育，用身边事教育身边人，引导广大医务人员自觉践行“九不准”，守住廉洁行医底线。",
        ]),
    ],
    expected={"date": "2024-06-20"},
)

# The same speech as the office's final version: two sentences reworded, one paragraph added.
HOSPITAL_REVISED = ArchiveSpeech(
    title=HOSPITAL.title,
    lines_under_title=HOSPITAL.lines_under_title,
    opening=HOSPITAL.opening,
    sections=[
        HOSPITAL.sections[0],
        ("二、加强支部建设，推动党建与业务深度融合", [
            "各临床医技科室党支部要落实“双带头人”培育工程，把党员培养成业务骨干，把业务骨干培养成党员。今年下半年，每个支部至少完成一项党建引领学科发展的创新项目，年底前由院党委组织评审。",
            HOSPITAL.sections[1][1][1],
        ]),
        ("三、严守纪律规矩，持之以恒正风肃纪", [
            *HOSPITAL.sections[2][1],
            "同志们，下半年任务繁重，希望大家以更加饱满的精神状态，推动医院党建工作再上新台阶。",
        ]),
    ],
    expected=HOSPITAL.expected,
)

UNIVERSITY = ArchiveSpeech(
    title="坚持党建引领 推动学院高质量发展",
    lines_under_title=["——在机械工程学院2023年党建工作会议上的讲话", "党委书记　王立军", "二〇二三年三月十五日"],
    opening=[
        "各位老师、同志们：",
        "这次会议是学院党委研究决定召开的一次重要会议。会议的主要任务是，深入学习贯彻党的二十大精神，总结二〇二二年学院党建工作，部署二〇二三年重点任务。",
    ],
    sections=[
        ("一、坚持立德树人根本任务", [
            "高校是培养社会主义建设者和接班人的重要阵地。学院各党支部要把思想政治工作贯穿教育教学全过程，推动“课程思政”覆盖全部专业课程，让每一门课都守好一段渠、种好责任田。",
            "要健全辅导员、班主任和专业教师协同育人机制，关注学生的思想动态和心理健康，做到思想引领有温度、管理服务有精度。",
        ]),
        ("二、加强教师党支部建设", [
            "教师党支部书记要由学术带头人担任，把支部建在教研室、建在科研团队上。今年要完成三个样板支部的培育创建，发挥示范引领作用。",
            "要严格党员发展程序，注重在优秀青年教师和高层次人才中发展党员，优化党员队伍结构。",
        ]),
        ("三、驰而不息推进作风建设", [
            "要持续整治形式主义、官僚主义，精简会议文件，减轻基层负担，让教师把更多精力投入教学科研。",
            "科研经费管理、招生考试、职称评审等领域要公开透明，接受师生监督，营造风清气正的育人环境。",
        ]),
    ],
    expected={"date": "2023-03-15", "speaker": "王立军", "unit": "机械工程学院"},
)

TOWNSHIP = ArchiveSpeech(
    title="***同志在全镇基层党建工作推进会上的讲话",
    lines_under_title=[],
    opening=[
        "同志们：",
        "今天，我们召开全镇基层党建工作推进会，主要是贯彻落实县委组织工作会议精神，推动各村党组织建设全面进步、全面过硬。",
    ],
    sections=[
        ("一、抓好村级班子建设", [
            "各村党组织书记是乡村振兴的“领头雁”。要选优配强村党组织书记，注重从致富能手、退役军人、返乡大学生中选拔培养后备力量，每个村储备后备干部不少于两名。",
        ]),
        ("二、壮大村级集体经济", [
            "要因村施策发展特色产业，盘活闲置资产资源，今年底前全镇所有村集体经济收入达到十万元以上，消除集体经济薄弱村。",
        ]),
    ],
    closing_lines=["中共青山镇委员会", "2022年9月8日"],
    expected={"date": "2022-09-08", "speaker": "***", "unit": "中共青山镇委员会"},
)

ALL = {"hospital": HOSPITAL, "university": UNIVERSITY, "township": TOWNSHIP}


# ---------------------------------------------------------------- tools

def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def chromium() -> str | None:
    return "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else shutil.which("chromium")


def require_tool(name: str, path: str | None):
    """Skip locally when a tool is missing; in CI (env CI set) a missing tool is a failure."""
    import pytest

    if path:
        return path
    if os.environ.get("CI"):
        pytest.fail(f"{name} is required in CI but not installed")
    pytest.skip(f"{name} not installed")


def convert_with_soffice(files: list[Path], target: str, outdir: Path) -> list[Path]:
    """Convert files with one LibreOffice process (own profile); return the outputs in order."""
    outdir.mkdir(parents=True, exist_ok=True)
    profile = outdir / ".profile"
    subprocess.run([require_tool("LibreOffice", soffice()), "--headless", "--norestore",
                    f"-env:UserInstallation={profile.resolve().as_uri()}",
                    "--convert-to", target, "--outdir", str(outdir), *map(str, files)],
                   check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
    ext = target.split(":")[0]
    return [outdir / (f.stem + "." + ext) for f in files]


def print_with_chromium(html_file: Path, pdf: Path, header_footer: bool = False) -> Path:
    """Chromium's print; header_footer: its default date/title header and URL/`1/3` footer."""
    flags = [] if header_footer else ["--no-pdf-header-footer"]
    subprocess.run([require_tool("Chromium", chromium()), "--headless", "--no-sandbox", "--disable-gpu",
                    *flags, f"--print-to-pdf={pdf}", html_file.resolve().as_uri()],
                   check=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    return pdf


def speech_html(speech: ArchiveSpeech, image: str | None = None) -> str:
    """The speech as an HTML page laid out like an office document for printing (with the page
    title, which Chromium's default print header repeats on every page); `image`: a page that
    is only that picture, like a scan."""
    esc = html.escape
    if image:
        return (f"<!doctype html><html><head><meta charset='utf-8'><title>scan</title></head>"
                f"<body style='margin:0'><img src='{image}' style='width:100%'></body></html>")
    parts = [f"<h1>{esc(speech.title)}</h1>"]
    parts += [f'<p class="sub">{esc(line)}</p>' for line in speech.lines_under_title]
    parts += [f"<p>{esc(p)}</p>" for p in speech.opening]
    for heading, paragraphs in speech.sections:
        parts.append(f"<h2>{esc(heading)}</h2>")
        parts += [f"<p>{esc(p)}</p>" for p in paragraphs]
    parts += [f'<p class="sign">{esc(line)}</p>' for line in speech.closing_lines]
    return ("<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'>"
            f"<title>{esc(speech.title)}</title><style>"
            "@page { size: A4; margin: 25mm 22mm; }"
            "body { font-family: 'Noto Serif CJK SC', 'Noto Sans CJK SC', serif; font-size: 16pt; line-height: 1.6; }"
            "h1 { font-size: 20pt; text-align: center; } h2 { font-size: 16pt; }"
            "p { text-indent: 2em; margin: 0; } p.sub { text-align: center; text-indent: 0; }"
            "p.sign { text-align: right; }"
            "</style></head><body>" + "".join(parts) + "</body></html>")


TABLE_CELLS = ["指标", "完成情况", "召开党委会", "十二次"]
RUNNING_TITLE = "中共某某医院委员会文件"


def write_docx(speech: ArchiveSpeech, path: Path, numbered: bool = False, table: bool = False,
               office_layout: bool = False) -> Path:
    """The speech as a .docx: Title style, subtitle lines, Heading 1 for 一、 sections.

    numbered: the 一、 numbers are not typed but come from a Word numbering definition
    (chineseCounting, "%1、") attached to the headings, as in many office templates.
    table: a two-column table (TABLE_CELLS, row by row) after the first section's paragraphs.
    office_layout: 16 pt text (公文三号), a running title in the header and `- N -` page numbers
    in the footer, so that its PDF has several pages with running heads and feet.
    """
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    if office_layout:
        from docx.shared import Pt

        document.styles["Normal"].font.size = Pt(16)
        section = document.sections[0]
        section.header.paragraphs[0].text = RUNNING_TITLE
        footer = section.footer.paragraphs[0]
        footer.text = "- "
        footer._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
        footer.add_run(" -")
    document.add_paragraph(speech.title, style="Title")
    for line in speech.lines_under_title:
        document.add_paragraph(line)
    for paragraph in speech.opening:
        document.add_paragraph(paragraph)
    num_id = _add_chinese_numbering(document) if numbered else None
    for index, (heading, paragraphs) in enumerate(speech.sections):
        text = re.sub(r"^[一二三四五六七八九十]+、", "", heading) if numbered else heading
        h = document.add_heading(text, level=1)
        if num_id is not None:
            h._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'))
        for paragraph in paragraphs:
            document.add_paragraph(paragraph)
        if table and index == 0:
            rows = document.add_table(rows=2, cols=2).rows
            rows[0].cells[0].text, rows[0].cells[1].text = TABLE_CELLS[:2]
            rows[1].cells[0].text, rows[1].cells[1].text = TABLE_CELLS[2:]
    for line in speech.closing_lines:
        document.add_paragraph(line)
    document.save(path)
    return path


def _add_chinese_numbering(document) -> str:
    """A numbering definition 一、二、三、 (level 0), （一） (level 1), 1. (level 2); returns its numId."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    numbering = document.part.numbering_part.element
    levels = [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3.")]
    lvl_xml = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:suff w:val="nothing"/></w:lvl>'
        for i, (fmt, text) in enumerate(levels))
    numbering.append(parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">{lvl_xml}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    # w:abstractNum elements must come before w:num elements
    for num in numbering.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}num"):
        numbering.remove(num)
        numbering.append(num)
    return "90"
