"""Finding candidate formulations (提法) in unmarked Chinese text, with the evidence for each.

Evidence from one passage at a time (`find_candidates`):
  * quoted phrases — any pairing of “” "" ‘’ '' 「」 『』, mismatched marks (“红色代办") and
    quotes broken by a hard line wrap included — judged by their shape and what surrounds them:
    a head noun after (“揭榜挂帅”机制, “夜访农家”活动, “健康守门人”党员志愿服务队), a verb that
    names a practice before (推行“红色代办”, 成立“党员突击队”), a verb that takes anything before
    (推动“路警联动”), a definition right after (“三会”，即……), and the quotes right next to it
    (“接诉即办”向“未诉先办”延伸: siblings);
  * unquoted compact patterns — 三会一课, 一岗双责, 两学一做 (N X N Y) and 以学促干 (以 X 促 Y) —
    unless they are a fragment of a longer enumeration (一季一通报 is not 一季一通);
  * names on the list of standard formulations (data/standard_terms.yml: 主题教育, 民主生活会),
    quoted or not, unless cut out of a longer word (`listed_candidates`).
Then `collect_slogans` weighs the evidence over a whole corpus — quoted n times, in k speeches,
written plainly in other speeches (灯下黑 quoted in one speech, plain in another) — and decides;
every decision keeps its reasons (`ExtractedSlogan.reasons`, in Chinese, for the editor's review
page and scripts/review_terms.py). The rules:

  numbered   a numeral at the start (四风, 一线工作法, 双报到), in an N X N Y pattern anywhere
             (三严三实), or a count at the end (基层减负十条, 最多跑一次); not a quantity with a
             unit (八小时以外), not 零 (零质量问题), not an idiom or a common word (一切,
             五湖四海, 一阵风), not a dictionary word that only describes (一站式, 一次性),
             not 一 as "a" in a dictionary phrase (一锤子买卖)                       -> accepted
  paired     以 X 促 Y (以学促干, 以案促改), X+Y (党建+金融), 应 X 尽 X (应保尽保), and two
             parallel clauses quoted as one unit, 4 + 4 characters or numbered 3 + 3
             (“街乡吹哨、部门报到”, “双随机、一公开”: numbered), introduced by a practice verb (a
             numbered one by any verb); not three items, not halves sharing a word, not after
             不搞 …                                                               -> accepted
  named      followed by a head noun (“揭榜挂帅”机制), or ending like the name of a work, post,
             team, place, day or system (“新苗工程”, “党员先锋岗”, “党员突击队”, “红色消防站”,
             “村务公开日”, “田长制”, “红色议事厅”, “孝心食堂”, “乡贤理事会”, “司机之家”,
             “过硬支部”), or Chinese with Latin letters (“村BA”), and not a word of jieba's
             dictionary however rare (形象工程); ending like a name after 不搞/防止/变成 … names a
             fault, not a work (不搞“政绩工程”): judged as other                    -> accepted
  listed     on the list of standard formulations, wherever written               -> accepted
  ordinal    starts with 第 + numeral (第一议题)                                  -> needs repetition
  other      needs more: introduced as a practice
             (推行“红色代办”, 实行“党员联户”, 建起了“共富果园”, 办好“村晚”), a coinage — 4–7
             characters jieba's dictionary does not know nor builds from two common words — after
             推动/推进/坚持/落实/依托 (依托“楼栋红管家”) or as the object of 把 (把“村民说事”常态化), defined in the
             text, quoted next to an accepted formulation, or one of a pair (“当下改”与“长久立”
             相结合). Repetition — quoted twice, used in two speeches, quoted or plainly — is
             recorded but decides nothing: sayings every unit quotes (“卡脖子”, “赶进度”) recur as
             much as brands do. A role (“楼栋长”, “网格员”), a manner (“非接触式”) or an emphasis
             (“零等待”) is not made a formulation by a verb alone.                  -> else rejected
  rejected   single characters, redaction markers (“**”), punctuation or spaces, criticised
             templates however filled (“一判了之”, “一抓就灵”, “十防九空”), too long (more
             than 8 characters, 10 when numbered or named), quotations of a person's words
             (指出：“……”), sentence shapes (…是…, …的), quantities (“24小时值守”, “最后一公里”; not a
             service radius: “15分钟健身圈”) and statistics (“4100余件”, “18.5%”), common words per jieba's dictionary (“领导”),
             two-character dictionary words without a head noun (“拔毛”; “村超” stays a candidate),
             non-noun dictionary words even with a head noun (“战时”机制). Repeating the words is
             no definition (“碰不得”就是碰不得).
             Idioms and set phrases of jieba's dictionary however rare (“嫌贫爱富”, “微笑服务”)
             need a definition in the text; rare numbered ones are formulations (八荣八耻).
             Ending like a name after 是 (这是“暖心工程”) is judged as other, and so is 零… even
             with a head noun (“零违章”班组创建); a dictionary word used as other, quoted twice
             or not, needs a definition (“冷板凳”, freq 15).
"""
from __future__ import annotations

import functools
import importlib.util
import re
from dataclasses import dataclass, field
from pathlib import Path

from kb.build.cache import code_version
from kb.build.library_tables import library_table, library_version
from kb.text.redaction import REDACTION
from kb.glossary.definitions import definition_after
from kb.glossary.matching import DIGITS, NUMERALS, TermMatcher, fold, term_key, unwrap

HEAD_NOUNS = ("工程", "计划", "行动", "活动", "项目", "机制", "制度", "体系", "模式", "品牌",
              "工作法", "载体", "理念", "标准", "引擎", "专项", "示范点", "攻坚", "战略", "方针",
              "服务", "平台", "工作室", "课堂", "讲堂", "主题党日", "示范岗", "责任区", "工作站",
              "驿站", "基地", "小分队", "服务队", "志愿队", "突击队", "改革", "清单", "党课", "课程", "经验",
              "创建", "建设", "文化品牌", "做法", "格局", "工作格局")
# What a quoted name may itself end with to be named by it (“新苗工程”, “党员先锋岗”); 改革, 服务 …
# only name what they follow (“放管服”改革), a quote ending with them is usually plain words.
NAME_ENDINGS = ("工程", "计划", "行动", "活动", "项目", "机制", "制度", "体系", "模式", "品牌",
                "工作法", "载体", "理念", "标准", "引擎", "专项", "示范点", "攻坚", "战略", "方针",
                "工作室", "课堂", "讲堂", "示范岗", "先锋岗", "文明岗", "责任区", "工作站", "驿站",
                "服务队", "志愿队", "小分队", "微党课", "主题党日", "经验", "之家", "支部", "中心")
# Single characters that end the names of posts, teams, places, lessons, days, systems and
# bodies (“党员突击队”, “红色消防站”, “村务公开日”, “田长制”, “红色议事厅”, “孝心食堂”,
# “乡贤理事会”, “党员服务台”, “流动图书车”, “民情直通车”; not 卡: 收受“购物卡”): a quote of three or
# more characters ending with one of them, not itself a word of jieba's dictionary, is named by it.
NAME_SUFFIXES = "岗队站室课日月制团厅馆园堂坊会台车"
# Routine meetings and occasions of a unit (“半年工作推进会”, “年度座谈会”, “季度调度会”, “春季校园
# 招聘会”, “职工运动会”): a quote ending so names a meeting held, not a practice — unless a head
# noun follows (“季度点评会”制度: a mechanism). Not
# 生活会, 恳谈会, 板凳会, 院坝会, 联席会 (institutions and local practices) nor 大会 (党员大会).
ROUTINE_MEETINGS = ("座谈会", "推进会", "部署会", "动员会", "总结会", "调度会", "现场会", "培训会", "交流会",
                    "研讨会", "观摩会", "分析会", "报告会", "表彰会", "工作会", "协调会", "例会", "务虚会",
                    "通报会", "点评会", "招聘会", "运动会", "茶话会", "发布会", "见面会", "推介会",
                    "务会")     # 局务会, 台务会, 院务会: a body's regular meeting
# What people are called (“楼栋长”, “网格员”, “带头人”): introduced by a verb alone (组建“楼栋长”队伍)
# such a quote is a role, not a practice; it needs a head noun, repetition or a definition.
ROLE_SUFFIXES = "长员人手官者"
# Verbs that introduce the name of a practice or brand: 推行“红色代办”, 开展“夜访农家”.
PRACTICE_VERBS = ("开展", "推行", "推广", "实施", "打造", "创建", "推出", "深化", "建立", "探索",
                  "创新", "擦亮", "叫响", "争创", "评选", "设立", "组建", "开设", "举办", "启动",
                  "培育", "创设", "命名为", "评为", "做实", "做优", "做亮", "用好", "认领", "征集",
                  "抓实", "常态化开展", "持续开展", "深入开展", "全面推行", "探索推行", "设置",
                  "实行", "成立", "建成", "开通", "发扬", "弘扬", "践行", "增设", "树立", "开办", "试行")
# A verb of setting something up (建起了“共富果园”, 办起“孝心食堂”, 办好“村晚”): what is set up
# is a thing with a name. Not 开好 (开好“三会”: holding a meeting well).
_BUILT = re.compile(r"(?:[建办开搭]起了?|办好|建好)$")
_VERBS_LONGEST_FIRST = sorted(PRACTICE_VERBS, key=len, reverse=True)
# 组织“红色文艺轻骑兵”下基层, 每月组织“党员志愿日”: 组织 as a verb; not the noun of 各级党组织“一把手”,
# 团组织“青年大学习”, 基层组织“三会一课”.
_ORGANISE = re.compile(r"(?<![党团层级])组织$")
# Verbs that take anything as their object (推动“路警联动”常态化, 坚持“夜访农家”, 落实“三个严禁”):
# evidence only for a coinage — a phrase of 4–7 characters that jieba's dictionary neither knows
# nor builds from two common words (ExtractedSlogan.coinage).
WEAK_VERBS = ("推动", "推进", "坚持", "落实", "依托")     # 依托“大数据”: a resource, not a practice
# 把“村民说事”常态化, 把“税惠直达”落实到: the object of 把 followed by its verb (not 把“……”的要求)
# is used as a noun, which is the same evidence as a weak verb's.
_BA_OBJECT_AFTER = re.compile(r"^(?!的)[\u4e00-\u9fff]")
COINAGE_LENGTH = (4, 7)
# Two quotes joined by one of these (“接诉即办”向“未诉先办”延伸, “揭榜挂帅”和“赛马”) are siblings:
# a phrase named alongside an accepted formulation is one too.
_SIBLING_JOINT = re.compile(r"^(?:[和与及、或向到]|以及|转向|走向)?$")
# Two sibling quotes followed by this are one pair of formulations (“当下改”与“长久立”相结合).
_PAIR_AFTER = re.compile(r"^(?:相结合|结合起来|并重|并举|相统一|统一起来|两手抓)")
# A quote followed by these describes a state of affairs (“急难愁盼”问题, “上热下冷”的现象): the
# same words written plainly elsewhere are that description again, not the use of a name.
_DESCRIBED = re.compile(r"^(?:的|等)?(?:问题|现象|倾向|情况|状况|苗头|行为)")
# What a unit must not do or become (不搞“形象工程”, 防止“灯下黑”, 变“伤心工程”): a quote after
# these names a fault; ending like a name (…工程) does not make it one of the unit's works.
CRITICISING = ("不搞", "不要搞", "不能搞", "决不搞", "杜绝", "反对", "防止", "避免", "变成", "沦为",
               "搞成", "开成", "变", "不当", "不做")
# A quote after 是 says what something is like (家长说这是“暖心工程”): ending like a name does not
# make it one either.
EVALUATING = ("是", "成了", "成为", "当成")     # 生活会成了“表扬会”: what it became, not its name
# 以“党建+金融”为抓手, 以“融合党建”引领业务融合, 以“以案说纪”形式: what a unit works through is named.
_AS_LEVER = re.compile(r"^(?:为(?:抓手|载体|主线|引领|牵引|切入点|突破口|平台|纽带)|引领|的?(?:形式|方式))")
STOPWORDS = {"领导", "坚持", "加强", "全面领导", "学习", "工作", "党建", "问题", "发展"}
# Not 提出: 提出“一案一回访”工作要求 names a requirement; a sentence after it is rejected anyway
# (punctuation, too long).
SPEECH_VERB = re.compile(r"(?:指出|强调|说|讲|讲到|告诫|要求|表示|认为|写道)[：:，,]?\s*$")
OPENERS, CLOSERS = "“‘\"'", "”’\"'"
_QUOTE_MARK = re.compile("[" + re.escape("".join(dict.fromkeys(OPENERS + CLOSERS))) + "]")
_ALLOWED = re.compile(rf"^[\u3400-\u9fff{DIGITS}A-Za-z+·]+$")
# Chinese with Latin letters (“村BA”, “e路护航”): a coinage, named as it is written.
_LATIN_MIXED = re.compile(r"(?=.*[A-Za-z])(?=.*[\u4e00-\u9fff])")
# Criticised practices and sayings built on a template, whatever fills it: 一判了之, 一建了之
# (dealing with something once and dropping it), 一查就灵 (as soon as … then …), 十防九空 (nine
# in ten): said of a fault or a proportion, never the name of a unit's work.
_CRITICISED_TEMPLATE = re.compile(rf"^(?:一[\u4e00-\u9fff]{{1,2}}了之|一[\u4e00-\u9fff]就[\u4e00-\u9fff]|十[\u4e00-\u9fff]九[\u4e00-\u9fff])$")
# 应X尽X (应保尽保, 应援尽援): "whoever qualifies gets it all", a policy formulation however filled.
_ALL_WHO_QUALIFY = re.compile(r"^应([\u4e00-\u9fff])尽\1$")
# Two short parallel clauses quoted as one unit (“街乡吹哨、部门报到”, “双随机、一公开”): one
# formulation when both halves have the same length (3 or 4 characters); three or more items
# are a list (“把方向、管大局、保落实”), and so are halves of different lengths.
_CLAUSE_PAIR = re.compile(r"^([\u4e00-\u9fff]{3,6})、([\u4e00-\u9fff]{3,6})$")
# A pair of 4 + 4 characters, or 3 + 3 when both halves are numbered (“双随机、一公开”), is the
# shape of a slogan; 3 + 3 otherwise is how speeches list contrasts (“重业务、轻党建”, “早预警、
# 早干预”).
# Three or more such clauses are a list, unless the speech itself calls them one requirement or
# guideline, culture or values (坚持“讲政治、顾大局、谋发展、重自强”的总体要求, “安全第一、预防为主、
# 综合治理”方针, 践行“合规、诚信、专业、稳健”的行业文化):
# then the whole run is a formulation. “一月一督导、一季一通报”的要求 and “党建引领、司机参与”的
# 工作思路 stay lists: 要求 and 思路 alone name no formulation.
_CLAUSE_RUN = re.compile(r"^([\u4e00-\u9fff]{2,5})(?:、[\u4e00-\u9fff]{2,5}){2,5}$")
_NAMED_AS_ONE = re.compile(r"^(?:的)?(?:总要求|总体要求|方针|总方针|基本方针|总策略|(?:行业|企业|核心)?(?:文化|理念|价值观))")
# A date in words is a day or festival (“七一”, “五四”, “迎五一”, “三月三”乡村文化节, the shopping days
# “双十一”, “双12”) and a generation (“95后”), and a number in words
# is a number (只有“零”和“一百”): neither is a formulation.
_DATE_OR_NUMBER = re.compile(r"^(?:[迎庆]?[一二三四五六七八九十]{2}|[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日?"
                            r"|[一二三四五六七八九十两]+[百千万亿][一二三四五六七八九十百千万亿]*|[0-9]{1,2}[·.][0-9]{1,2}"
                            r"|双(?:十[一二]|1[12])|[0-9]{2}后)$")
# A two-part title (“迎七一·颂党恩”) followed by a contest, show or themed event is the title of
# one occasion; the same shape before 品牌 or 服务 (“红色频道·先锋同行”党建品牌) names a brand.
_OCCASION_AFTER = re.compile(r"^[\u4e00-\u9fff]{0,10}?(?:比赛|大赛|竞赛|汇演|晚会|征文|展演|展览|主题活动|主题团日|主题党日|联欢)")
# ... and so is any title of a contest or show that is said to be held (举办了“绽放她力量”主题演讲比赛).
_HELD = re.compile(r"(?:举办|举行)了?$")
_DIGITAL = re.compile(r"^[0-9+\-]+$")
# “国家公园”四个字被人反复转发: the quote cites the words, it uses no formulation.
_THE_WORDS = re.compile(r"^(?:这)?[两二三四五六七八九十]+个字")
# “1+3+N”, “N+1”: numbers and a letter standing for "any number" joined by +, a model's name
# when something follows it (“1+3+N”网格力量), like “1+3”.
_NUMBER_MODEL = re.compile(r"^(?:[0-9]+|[A-Za-z])(?:\+(?:[0-9]+|[A-Za-z]))+$")
# “互联网+”, “党建+”, “邻里+”: a field joined to whatever comes next, an open model's name.
_HAN_START = re.compile(r"\s*[\u4e00-\u9fff]")
_OPEN_MODEL = re.compile(r"^[\u4e00-\u9fff]{2,6}\+$")
_NON_NUM = rf"(?![{NUMERALS}])[\u4e00-\u9fff]"
_COMPACT = re.compile(rf"(?<![{NUMERALS}{DIGITS}第])[{NUMERALS}]{_NON_NUM}[{NUMERALS}]{_NON_NUM}(?![{NUMERALS}])")
_PAIRED = re.compile(r"以([\u4e00-\u9fff])(?:[促带强](?![进使成])|践(?!行))([\u4e00-\u9fff])")     # 以干践学, not 以…践行
_NXNY = re.compile(rf"[{NUMERALS}]{_NON_NUM}[{NUMERALS}]{_NON_NUM}")
_COUNT_END = re.compile(rf"[^{NUMERALS}][{NUMERALS}]{{1,2}}[条次项招张件步个]$")
_NOT_MEASURE = set("是个次年月日天位名人批家项条点届种分厘寸尺")
# A numeral with a unit of time, distance or money is a quantity (“八小时以外”), and 零 is an
# emphasis (“零质量问题”): neither makes a numbered formulation. 余, 多 and 来 make a count
# approximate (“1200余小时”, “两万多卷”, “四十来天”).
_QUANTITY = re.compile(rf"^[{NUMERALS}{DIGITS}]+[余多来]?[万千百亿]*[余多来]?(?:小时|分钟|秒|公里|千米|米|元|岁|个月|天|倍)")
# A count and its measure word, nothing else (办结“4100余件”, 举办“86期”, 上升“18.5%”, “六成以上”): a
# statistic set off in quotes for emphasis, not the name of anything.
_MEASURE_WORDS = "个件起期次项条人户家名场篇所座处份批类种支台套册本亩吨成卷艘架辆例单"
_MEASURE = rf"(?:[人户艘架车班]次|标箱|[{_MEASURE_WORDS}])"
# A numeral before a measure word counts items (“一份清单、一套机制”), it names nothing.
_COUNTING_WORDS = set(_MEASURE_WORDS) | set("张位把")
_STATISTIC = re.compile(rf"^(?:[{DIGITS}.]+[余多来]?[万千百亿]*[余多来]?(?:{_MEASURE}|%|％)?"
                        rf"|[{NUMERALS}]+[万千百亿]*[余多来]?{_MEASURE})(?:以上|以下|左右)?$")     # “48万人次”, “5000万”, “六成”, “两万多卷”
# A count in digits of things named after it (拿了“27枚金牌”, 检视“46项问题”): a statistic too.
_COUNTED_THINGS = re.compile(rf"^[{DIGITS}.]+[余多来]?[万千百亿]*[余多来]?(?:{_MEASURE}|枚)[\u4e00-\u9fff]{{1,3}}$")
_FRACTION = re.compile(rf"^(?:[{NUMERALS}{DIGITS}]+分之[{NUMERALS}{DIGITS}]+|[{NUMERALS}]成[{NUMERALS}])$")     # “三分之一”, “九成五”
# A service radius (“15分钟健身圈”, “15分钟医保服务圈”): a time or distance and what can be
# reached within it, the standard shape of a formulation; numbered, not a quantity.
_RADIUS = re.compile(rf"^[{NUMERALS}{DIGITS}]+(?:分钟|公里)[\u4e00-\u9fff]{{1,6}}圈$")
# The same inside a phrase (“最后一公里”): a measure, a metaphor at most, not a count of items.
_QUANTITY_INSIDE = re.compile(rf"[{NUMERALS}{DIGITS}](?:小时|分钟|公里|千米|米|元|岁|个月|倍)")
_NOT_NUMBERING = "零〇"
# jieba's tags of words that only describe (一站式 b, 大力 d …): numbered or not, not a name. Not m:
# 十二五 and 两会 are m too.
_DESCRIBING_TAGS = ("n", "i", "l", "b", "a", "ad", "an", "d", "v", "vn", "z", "t")
MAX_PLAIN, MAX_STRONG, MAX_JOINED, MIN_REPEAT = 8, 10, 16, 2
COMMON_FREQ, NUMBERED_COMMON_FREQ, WORD_FREQ, ORDINARY_FREQ = 20, 1000, 50, 10


@dataclass
class Candidate:
    key: str            # canonical (simplified, no quotes): 133计划
    display: str        # as a term is shown: “133”计划
    surface: str        # as written in the text (original script)
    kind: str           # numbered | paired | named | ordinal | other | listed
    quoted: bool
    pattern: str = ""   # what made it numbered: 数字开头 | 数字在中间 | 数字在末尾 | 以X促Y
    head: str = ""      # the head noun it is named by (“夜访农家”活动 -> 活动)
    verb: str = ""      # the verb that introduces it (推行“红色代办” -> 推行)
    defined: bool = False   # a definition follows it (“三会”，即……)
    weak_verb: str = ""     # a verb that takes anything (推动“路警联动”)
    role: bool = False      # ends like what people are called (“楼栋长”)
    manner: bool = False    # ends with 式, says how something is done (“一站式”)
    criticised: bool = False    # after 不搞, 防止 … (不搞“形象工程”)
    emphasis: bool = False  # starts with 零 (“零容忍”)
    described: bool = False     # followed by 问题, 现象 … (“急难愁盼”问题)
    pair: bool = False      # one of a pair of quotes set side by side (“当下改”与“长久立”相结合)
    set_phrase: bool = False    # an idiom or set phrase of jieba's dictionary, however rare (“微笑服务”)
    siblings: set[str] = field(default_factory=set)   # keys of quotes joined to it (“A”和“B”)


@dataclass
class Rejection:
    text: str
    reason: str


@dataclass
class ExtractedSlogan:
    key: str
    display: str
    kind: str
    quoted_count: int = 0
    places: list[tuple[str, str]] = field(default_factory=list)   # (speech id, paragraph id)
    surfaces: set[str] = field(default_factory=set)
    patterns: set[str] = field(default_factory=set)
    heads: set[str] = field(default_factory=set)
    verbs: set[str] = field(default_factory=set)
    weak_verbs: set[str] = field(default_factory=set)
    siblings: set[str] = field(default_factory=set)
    role: bool = False
    manner: bool = False
    criticised: bool = False
    pair: bool = False
    emphasis: bool = False
    described: bool = False
    set_phrase: bool = False
    defined: bool = False
    listed: bool = False            # on the list of standard formulations (data/standard_terms.yml)
    ordinary_word: bool = False     # a common word (numbered: “二传手”, “一站式”) or set phrase (“微笑服务”)
    unquoted_places: list[tuple[str, str]] = field(default_factory=list)   # mentions without quotes
    accepted: bool = False
    reasons: list[str] = field(default_factory=list)    # the decision's evidence, in Chinese

    @property
    def speeches(self) -> int:
        """Speeches using it, quoted or not (plain uses as found by unquoted_mentions)."""
        return len({speech for speech, _ in self.places + self.unquoted_places})

    @property
    def compound(self) -> bool:
        """Two common words side by side (党建 + 引领): written plainly elsewhere it is those
        words again, not a use of the formulation."""
        return is_compound(self.key)

    @property
    def verbs_do_not_name(self) -> bool:
        """A role (“楼栋长”), a manner (“一站式”) or an emphasis (“零等待”): what people are called,
        how or how much something is done; a verb before it, a pair or a sibling does not make
        it the name of a practice."""
        return self.role or self.manner or self.emphasis

    @property
    def coinage(self) -> bool:
        """A phrase of 4–7 characters that jieba's dictionary does not know, nor puts together
        from two common words (路警联动, 接诉即办; not 高质量发展, 党建引领)."""
        low, high = COINAGE_LENGTH
        return low <= len(self.key) <= high and self.key not in _jieba_words() and not self.compound

    def evidence(self) -> dict:
        """The evidence as data (kb.json `evidence`, the review page): counts, pattern, context."""
        return {"kind": self.kind, "quoted": self.quoted_count, "speeches": self.speeches,
                "unquoted": len(set(self.unquoted_places)),
                "pattern": sorted(self.patterns), "heads": sorted(self.heads), "verbs": sorted(self.verbs),
                "weak_verbs": sorted(self.weak_verbs), "siblings": sorted(self.siblings),
                "defined_in_text": self.defined, "listed": self.listed, "ordinary_word": self.ordinary_word, "decision": "accepted" if self.accepted else "rejected",
                "reasons": list(self.reasons)}


@functools.lru_cache(maxsize=1)
def _jieba_words() -> dict[str, tuple[int, str]]:
    """jieba's bundled dictionary (word -> (freq, tag)), read from its file so that a user
    dictionary loaded into the global jieba (e.g. by the search index) cannot change the rules.
    Kept per machine (kb.build.library_tables): reading the 349,000 lines is a fixed cost of
    every build, loading the table a third of it; jieba itself is not imported."""
    path = _jieba_dictionary()
    version = (library_version("jieba"), path.stat().st_size, code_version(__name__))
    return library_table("jieba-words", version, lambda: _read_jieba_words(path))


def _jieba_dictionary() -> Path:
    """jieba's dict.txt (jieba.get_dict_file() without importing jieba and pkg_resources)."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("jieba")
    return Path(list(spec.submodule_search_locations)[0]) / "dict.txt"


def _read_jieba_words(path: Path) -> dict[str, tuple[int, str]]:
    words = {}
    # 349,000 words but a few thousand distinct (freq, tag) pairs: one tuple per pair, shared,
    # instead of a tuple, an int and a tag string per word (59 MB -> 35 MB, kept all build)
    pairs: dict[tuple[int, str], tuple[int, str]] = {}
    for line in path.read_bytes().decode("utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 2:
            pair = (int(parts[1]), parts[2] if len(parts) > 2 else "")
            words[parts[0]] = pairs.setdefault(pair, pair)
    return words


def load_tables() -> None:
    """Load the lazily read tables now: before forking (kb.build.parallel), so that no process reads
    them again."""
    _jieba_words()


def is_common_word(text: str, max_freq: int) -> bool:
    """A dictionary word used often (freq >= max_freq) or a well-known idiom/set phrase (rare
    set phrases such as 一岗双责, freq 5 in jieba, are formulations, not idioms)."""
    freq, tag = _jieba_words().get(text, (0, ""))
    return freq >= max_freq or (tag in ("i", "l") and freq >= COMMON_FREQ)


def _is_word(text: str) -> bool:
    return _jieba_words().get(text, (0, ""))[0] >= WORD_FREQ


def is_compound(text: str) -> bool:
    """Two common words of jieba's dictionary side by side (党建引领 = 党建 + 引领; not 灯下黑,
    not 路警联动: 路警 is rare). Split by hand over the dictionary, not by jieba.cut, whose
    global dictionary others may extend."""
    return any(_is_word(text[:i]) and _is_word(text[i:]) for i in range(2, len(text) - 1))


def names_a_thing(text: str) -> bool:
    """Two common words that end with a noun (红色 + 物业, 孝心 + 食堂): a modifier and a thing,
    the shape of a brand, quoted again and again; not a verb or an attribute at the end
    (党建 + 引领, 课后 + 服务, 安全 + 第一), a description of what is done, which is quoted again
    and again as a maxim (“安全第一”) without becoming a name."""
    return any(_is_word(text[:i]) and _is_word(text[i:]) and _jieba_words()[text[i:]][1] == "n"
               for i in range(2, len(text) - 1))


def head_after(after: str) -> str:
    """The head noun a quote is directly followed by, with at most two modifying characters
    between (“揭榜挂帅”机制, “1+3”制度体系, “破茧成蝶”提升行动), four before a head of three or more
    characters (“健康守门人”党员志愿服务队), or ""."""
    # the longest run of Han characters (none of 的之和与及) it can be: every shorter span is
    # inside it, and a head is looked up by its length (a cold build judges 150,000 quotes)
    run = _HEAD_SPAN.match(after[:8])
    if run is None:
        return ""
    for end in range(len(run.group(0)), 1, -1):
        for length in _HEAD_LENGTHS:
            modifiers = end - length
            if (0 <= modifiers and (modifiers <= 2 or (length >= 3 and modifiers <= 4))
                    and after[modifiers:end] in _HEADS):
                return after[:end]
    return ""


_HEADS = frozenset(HEAD_NOUNS)
_HEAD_LENGTHS = sorted({len(head) for head in HEAD_NOUNS})
_HEAD_SPAN = re.compile(r"(?:(?![的之和与及])[\u4e00-\u9fff]){2,}")


def verb_before(before: str, after: str = "") -> str:
    """The practice verb right before a quote (推行“红色代办”, 深入开展“夜访农家”, 以“……”为抓手),
    or ""."""
    before = before.rstrip()
    if before.endswith("以") and _AS_LEVER.match(after):
        return "以……" + _AS_LEVER.match(after).group(0)
    built = _BUILT.search(before)
    if built:
        return built.group(0)
    # 建成87个“红色书屋”, 设立32个“党员先锋岗”: a verb of setting up with a count of what it set up
    # (not of times: 开展一次“节前提醒”谈话 is one occasion)
    done = _COUNT_AFTER_VERB.sub("", before).removesuffix("了")       # 成立了“老娘舅”调解队: its aspect particle too
    # 推行的“审计夜校”, 打造的“蓝焰先锋”: what the unit set up, named as its own (not 举办的“新闻
    # 实务周”: an occasion held)
    if done.endswith("的") and done[:-1].endswith(_SET_UP_VERBS):
        done = done[:-1]
    if _ORGANISE.search(done):
        return "组织"
    return next((v for v in _VERBS_LONGEST_FIRST if done.endswith(v)), "")


_SET_UP_VERBS = ("推行", "打造", "推出", "创建", "建立", "实施", "推广", "探索", "培育", "创设", "设立", "组建",
                 "开设", "实行", "建成", "成立")
_COUNT_AFTER_VERB = re.compile(rf"(?<=[\u4e00-\u9fff])了?[{NUMERALS}{DIGITS}]+[万千百]*[余多]?[个家所支处座间批]$")


def weak_verb_before(before: str, after: str = "") -> str:
    """A verb that takes anything as its object right before a quote (推动“路警联动”), or 把
    with a verb after the quote (把“村民说事”常态化), or ""."""
    before = before.rstrip()
    if before.endswith("把") and _BA_OBJECT_AFTER.match(after):
        return "把"
    return next((v for v in WEAK_VERBS if before.endswith(v)), "")


def numeral_pattern(inner: str) -> str:
    """Why a phrase counts as numbered, or "": a numeral at the start (not a quantity such as
    八小时, not 零), an N X N Y pattern inside, a count at the end."""
    if inner[0] in NUMERALS + DIGITS and inner[0] not in _NOT_NUMBERING and (not _QUANTITY.match(inner)
                                                                         or _RADIUS.match(inner)):
        return "数字开头"
    if _NXNY.search(inner):
        return "数字在中间"
    if _COUNT_END.search(inner):
        return "数字在末尾"
    return ""


def named_by_ending(inner: str) -> bool:
    """Ends like the name of a work, post, team, place, system or view (“新苗工程”, “党员先锋岗”,
    “党员突击队”, “村务公开日”, “田长制”), and is not itself a word of jieba's dictionary, however
    rare (形象工程 freq 3, 责任制: words, not one unit's names)."""
    if len(inner) < 3 or inner in _jieba_words():
        return False
    return bool(naming_shape(inner))


def naming_shape(inner: str) -> str:
    """Why a quote's own shape names something (named_by_ending, for the evidence), or "". A
    quoted “…论” of four or more characters names a view (破除“金融精英论”“业绩至上论”); “红色…” of
    five or more is how units name their party-building brands (纳入“红色物流联盟”, 走进“红色健康
    小屋”: 97 of the 100 such quotes of the tuned passages are labelled formulations), and so is 红色
    and a two-character thing (“红色物业”, “红色网格”: 72 of the 73 such quotes of the tuned passages
    on 2026-12-07; the other is 红色剧目) unless that thing is the red heritage
    itself (把“红色资源”利用好, 赓续“红色基因”)."""
    if inner.endswith(NAME_ENDINGS) or inner[-1] in NAME_SUFFIXES:
        return "以“工程”“岗”“队”“站”等结尾，是一项工作、岗位、队伍等的名称"
    if len(inner) >= 4 and inner[-1] == "论":
        return "以“论”结尾，是一种观点的名称"
    if inner.startswith("红色") and (len(inner) >= 5 or (len(inner) == 4 and inner[2:] not in _RED_HERITAGE)):
        return "以“红色”开头，是单位党建品牌常用的名称"
    if len(inner) >= 5 and _MODEL_UNIT.search(inner):
        return "以“示范区”“示范机组”等结尾，是示范单位的名称"
    if _BUILT_ON.match(inner):
        return "是“支部建在连上”式的说法，是一种党组织设置的名称"
    if len(inner) >= 5 and inner[-1] == "年" and inner[-2] not in _NOT_A_CAMPAIGN_YEAR:
        return "以“年”结尾，是一个主题年（……提升年、……建设年）的名称"
    if len(inner) >= 5 and inner.endswith(CAMPAIGN_ENDINGS):
        return "以“回头看”“大讨论”等结尾，是一项专项活动的名称"
    return ""


# A model unit of some kind (“党员安全示范区”, “党员安全示范机组”, “党员示范病区”).
# Not “党员示范带动”: a verb.
_MODEL_UNIT = re.compile(r"示范(?:[区组户点岗校园线站队村]|机组|班组|病区|窗口|社区|项目|单位|基地)$")
# 红色 and these name the revolutionary heritage, not a unit's brand (“红色资源”, “红色基因”).
_RED_HERITAGE = frozenset(("资源", "基因", "文化", "精神", "传统", "故事", "血脉", "记忆", "经典", "江山", "教育",
                           "历史", "遗址", "遗迹", "文物", "歌曲", "电影", "剧目", "家书", "旅游", "政权", "年代"))
# “党支部建在课题组上” (after 支部建在连上): where the party's cells are set up, a named practice
# however long it reads.
_BUILT_ON = re.compile(r"^(?:党支部|支部|党小组|党组织|党总支|团支部|党员)建在[\u4e00-\u9fff]{1,8}上$")
# A theme year (“医德医风提升年”, “作风建设年”), not a person (“新时代好青年”), a stage (“攻坚之年”)
# or a date (“第一年”, “2021年”).
_NOT_A_CAMPAIGN_YEAR = set("青少老成中童晚当往去前今明后之每第") | set(NUMERALS) | set(DIGITS)
# Campaigns named by what is done across a field (“机车质量回头看”, “解放思想大讨论”, “岗位技能大练兵”,
# “燃气安全进万家”, “安全环保党员先锋行”, “人防进社区”).
CAMPAIGN_ENDINGS = ("回头看", "大讨论", "大练兵", "大比武", "大走访", "进万家", "先锋行",
                    "进社区", "进校园", "进企业", "进农村", "进乡村", "进机关", "进家庭", "进课堂")


def classify(inner: str, followed_by_head: bool) -> tuple[str, str]:
    """(kind, numeral pattern) of a quoted phrase."""
    if inner[0] == "第" and len(inner) > 1 and inner[1] in NUMERALS + DIGITS:
        return "ordinal", ""
    pattern = numeral_pattern(inner)
    if pattern:
        return "numbered", pattern
    if re.fullmatch(_PAIRED.pattern, inner):
        return "paired", "以X促Y"
    if _ALL_WHO_QUALIFY.match(inner):
        return "paired", "应X尽X"
    if re.fullmatch(r"[\u4e00-\u9fff]{2,}(?:\+[\u4e00-\u9fff]{2,})+", inner):     # 党支部+合作社+基地+农户 too
        return "paired", "X+Y"
    if _OPEN_MODEL.match(inner):
        return "paired", "X+"
    if followed_by_head or named_by_ending(inner) or _LATIN_MIXED.match(inner):
        return "named", ""
    return "other", ""


def _one_as_article(inner: str) -> bool:
    """一 as "a" in a dictionary phrase (“一锤子买卖”, “一刀切”): counts nothing. Phrases with a
    second numeral (一岗双责) count, and so do phrases jieba does not know (一线工作法)."""
    numerals = [c for c in inner if c in NUMERALS + DIGITS]
    # “一对一”帮扶: a dictionary word of the shape 一X一 says how, it counts nothing either
    return inner in _jieba_words() and (inner[0] == "一" and len(numerals) == 1 or bool(_ONE_TO_ONE.match(inner)))


_ONE_TO_ONE = re.compile(r"^一.一$")


def _numeral_in_leading_idiom(inner: str) -> bool:
    """Every numeral sits in an idiom or set phrase that opens a longer quote (“一年到头见不着面”):
    a saying that goes on, not a numbered name. (“三天打鱼两天晒网” has a numeral after its first
    idiom: it is judged whole, as a word of the dictionary.)"""
    words = _jieba_words()
    for end in range(4, len(inner) - 1):
        if words.get(inner[:end], (0, ""))[1] in ("i", "l"):
            return not any(c in NUMERALS + DIGITS for c in inner[end:])
    return False


def _sentence_shape(inner: str) -> bool:
    """…是…, …也…, …的 …, and a clause that makes or tells someone do something (“让文物活起来”,
    “使群众满意”): a sentence or a saying (“酒香也怕巷子深”), not a name."""
    return ("是" in inner[1:-1] or "也" in inner[1:-1] or inner.endswith(("的", "了", "吗", "呢", "吧"))
            or (len(inner) >= 4 and inner[0] in "让使叫"))


def is_set_phrase(text: str) -> bool:
    """An idiom (jieba tag i) or set phrase (l) of jieba's dictionary, however rare (“嫌贫爱富”
    freq 10, “微笑服务” freq 3): a saying, not the name of a local practice. Unnumbered ones stay
    candidates for the editor (群众路线 is l, freq 3), accepted only when the text defines them."""
    return _jieba_words().get(text, (0, ""))[1] in ("i", "l")


def judge_quote(inner: str, before: str, after: str) -> Candidate | Rejection:
    """Decide on one quoted phrase from its text and what surrounds it."""
    inner = inner.strip()
    if not inner or REDACTION.search(inner):
        return Rejection(inner, "redaction")
    head = head_after(after)
    if _DIGITAL.match(inner) or _NUMBER_MODEL.match(inner):
        # “133”计划, “1+3”制度体系, “1+1+1”签约服务: the number names what follows
        # “100”个项目 counts, it does not name; “1+3+N”网格力量 names a model (+ and N say so), “1+1”大于二 not
        if not (head.startswith(HEAD_NOUNS) or ("+" in inner and (head or (
                _HAN_START.match(after) and re.search("[A-Za-z]", inner))))):
            return Rejection(inner, "bare number")
        return Candidate(term_key(inner + head), f"“{inner}”{head}" if head else inner, inner, "numbered", True,
                         "数字开头", head)
    if len(inner) < 2:
        return Rejection(inner, "single character")
    if _THE_WORDS.match(after):
        return Rejection(inner, "the words themselves")
    if _DATE_OR_NUMBER.match(inner):
        return Rejection(inner, "a date or number")
    if _OCCASION_AFTER.match(after) and ("·" in inner or _HELD.search(before)):
        return Rejection(inner, "an occasion")
    if (_CLAUSE_RUN.match(inner) and len({len(part) for part in inner.split("、")}) == 1
            and (_NAMED_AS_ONE.match(after) or verb_before(before, after).startswith("以")     # 以“…”为抓手
                 or _counted_as_one(inner, after))):
        key = term_key(inner)
        return Candidate(key, key, inner, "paired", True, "多句并列，讲话称之为总要求、方针或抓手", head)
    pair = _CLAUSE_PAIR.match(inner)
    if pair:
        return _judge_clause_pair(inner, pair.group(1), pair.group(2), before, after, head)
    if _CRITICISED_TEMPLATE.match(inner):
        return Rejection(inner, "criticised practice")
    if (not _ALLOWED.match(inner) or inner[0] == "+" or (inner[-1] == "+" and not _OPEN_MODEL.match(inner))
            or (re.search(r"[A-Za-z]", inner) and not re.search(r"[\u4e00-\u9fff]", inner))):     # “O2O”
        return Rejection(inner, "punctuation")
    if SPEECH_VERB.search(before):
        return Rejection(inner, "quotation of words")
    if (_QUANTITY.match(inner) or _QUANTITY_INSIDE.search(inner) or _STATISTIC.match(inner) or _FRACTION.match(inner)
         or _COUNTED_THINGS.match(inner)) and not head \
            and not _RADIUS.match(inner):
        return Rejection(inner, "quantity")     # 实行“24小时值守”, 打通“最后一公里”: a measure, not a name
    if inner.endswith(ROUTINE_MEETINGS) and not head:
        return Rejection(inner, "a meeting")     # 召开“半年工作推进会”: the unit's meeting, not a practice
    kind, pattern = classify(inner, bool(head))
    if kind == "numbered" and _numeral_in_leading_idiom(inner):
        kind, pattern = "other", ""
    manner = inner.endswith("式")       # “一站式”服务, 推广“非接触式”办税: how, not what
    if manner:
        kind, pattern = "other", ""
    criticised = before.rstrip().rstrip("了").endswith(CRITICISING)     # 开成了“业务会”
    # “零容忍”, “零违章”班组创建, “非接触”办税: a stress or a negated attribute, not a name
    emphasis = inner[0] in _NOT_NUMBERING or (inner[0] == "非" and _is_word(_strip_style_suffix(inner)[1:]))
    if (criticised or before.rstrip().endswith(EVALUATING)) and kind == "named" and not head:
        kind = "other"
    if emphasis:
        kind = "other"
    verb = verb_before(before, after)
    # a practice verb says a name follows, as a numeral or a name's ending does (推行“党员护士长示范病区”)
    limit = MAX_STRONG if kind in ("numbered", "named", "paired") or verb else MAX_PLAIN
    if kind == "paired" and "+" in inner:
        limit = MAX_JOINED       # a model of several short parts (“党支部+合作社+基地+农户”)
    if len(inner) > limit:
        return Rejection(inner, "too long")
    if kind not in ("numbered", "paired") and (_sentence_shape(inner) or inner in STOPWORDS):
        return Rejection(inner, "sentence or ordinary word")
    if kind == "numbered" and "是" in inner[2:-1]:
        return Rejection(inner, "sentence or ordinary word")     # “一棵树就是一面党旗”: a saying
    if kind == "paired" and inner in _jieba_words():     # 以点带面 is an idiom
        return Rejection(inner, "common word")
    if kind == "numbered" and is_common_word(inner, NUMBERED_COMMON_FREQ):
        return Rejection(inner, "common word")      # rare numbered idioms (八荣八耻, i 3) are formulations
    if kind in ("other", "named") and is_common_word(inner, COMMON_FREQ if kind == "other" else NUMBERED_COMMON_FREQ):
        return Rejection(inner, "common word")
    if kind == "other" and len(inner) == 2 and inner in _jieba_words():
        return Rejection(inner, "common word")     # “拔毛”; not “村超”, “村晚”: abbreviations jieba does not know
    key = _strip_style_suffix(term_key(inner))
    return Candidate(key, key, inner, kind, True, pattern, head, verb,
                     weak_verb="" if verb else weak_verb_before(before, after),
                     role=kind == "other" and inner[-1] in ROLE_SUFFIXES, manner=manner,
                     criticised=criticised, emphasis=emphasis, described=bool(_DESCRIBED.match(after)),
                     set_phrase=kind in ("other", "named") and is_set_phrase(key))


def _counted_as_one(run: str, after: str) -> bool:
    """The speech names a run of clauses by their number and a practice (“亮身份、亮承诺、亮业绩”三亮
    活动): one formulation. Not when the number names a thing (“平安、绿色、智慧、人文”四型机场:
    the formulation is 四型机场)."""
    return (after[:1] == _COUNT_WORD.get(run.count("、") + 1) and "\u4e00" <= after[1:2] <= "\u9fff"
            and head_after(after[2:]).startswith(HEAD_NOUNS))


_COUNT_WORD = {3: "三", 4: "四", 5: "五", 6: "六"}


def _judge_clause_pair(inner: str, first: str, second: str, before: str, after: str, head: str) -> Candidate | Rejection:
    """Two parallel clauses quoted as one unit (“街乡吹哨、部门报到”): one formulation in the shape
    of a slogan when introduced as a practice (深化“街乡吹哨、部门报到”改革; a numbered pair
    after any verb: 推进“双向进入、交叉任职”). A head noun alone is not enough: a slogan is often
    set before 行动 without being its name (助推“强根固魂、登高达峰”行动). Halves that repeat a
    word are two items of a list (“提前申报、两步申报”, “安全第一、质量第一”); after 不搞, 防止 …
    the pair is a fault."""
    numbered = bool(numeral_pattern(first) or numeral_pattern(second))
    verb = verb_before(before, after)
    # 开展“亮身份、亮承诺”活动, 开展“党员亮身份、执法树形象”活动: set up as a practice and named
    # by what follows, halves of any length up to six are its name
    shaped = len(first) == len(second) and (len(first) == 4 or (numeral_pattern(first) and numeral_pattern(second))
                                            or (bool(verb) and head.startswith(HEAD_NOUNS)))
    shared = {first[i:i + 2] for i in range(len(first) - 1)} & {second[i:i + 2] for i in range(len(second) - 1)}
    if not shaped or shared or before.rstrip().endswith(CRITICISING):
        return Rejection(inner, "enumeration")
    weak = weak_verb_before(before, after)
    # both halves numbered (“双融合、双提升”) is the shape of a slogan wherever it stands; a
    # numeral with a measure word only counts (“一份清单、一套机制”)
    both_numbered = all(numeral_pattern(half) and half[1] not in _COUNTING_WORDS for half in (first, second))
    # a pair the speech calls its strategy or guideline (“外防输入、内防反弹”总策略) is one, too
    if not (verb or (numbered and weak) or both_numbered or _NAMED_AS_ONE.match(after)):
        return Rejection(inner, "enumeration")
    key = term_key(inner)
    return Candidate(key, key, inner, "numbered" if numbered else "paired", True, "两句并列", head, verb,
                     weak_verb="" if verb else weak)


def _strip_style_suffix(key: str) -> str:
    """“雁过拔毛式”腐败 names the same thing as “雁过拔毛”."""
    return key[:-1] if key.endswith("式") and len(key) >= 4 else key


_REST_TO_SEPARATOR = re.compile(r"[\u4e00-\u9fff]{1,2}(?=[、，,；;])")
_REST_TO_CLAUSE_END = re.compile(r"[\u4e00-\u9fff]{1,2}(?=[、，,；;。！？!?]|$)")


def _fragment(folded: str, start: int, end: int) -> bool:
    """An unquoted pattern cut out of something longer: its last character starts a word with the
    next one (一季一通|报, 以学促干|部), or the phrase goes on to a list separator (一月一督导、),
    or, as the last item of a list, to the end of the clause (、一季一研判。)."""
    if end < len(folded) and _is_word(folded[end - 1:end + 1]):
        return True
    last_item = start > 0 and folded[start - 1] == "、"
    rest = (_REST_TO_CLAUSE_END if last_item else _REST_TO_SEPARATOR).match(folded, end)
    return bool(rest) and not rest.group(0).startswith(tuple(h[:len(rest.group(0))] for h in HEAD_NOUNS)) \
        and not folded[end:].startswith(HEAD_NOUNS)


def compact_candidates(folded: str, original: str) -> list[tuple[int, Candidate]]:
    """Unquoted N X N Y and 以 X 促 Y formulations with their offsets: 三会一课, 一岗双责, 以案促改
    (idioms, counting phrases such as 一年一次 and fragments of longer phrases excluded)."""
    out = []
    for m in _COMPACT.finditer(folded):
        text = m.group(0)
        if text[1] in _NOT_MEASURE or text[3] in _NOT_MEASURE or is_common_word(text, COMMON_FREQ):
            continue
        if text[:2] == text[2:]:
            continue            # 一锄一锄, 一户一户: one by one, said twice
        if _fragment(folded, m.start(), m.end()):
            continue
        out.append((m.start(), Candidate(text, text, original[m.start():m.end()], "numbered", False, "数字开头")))
    for m in _PAIRED.finditer(folded):
        text = m.group(0)
        after_word = m.start() > 0 and _is_word(folded[m.start() - 1:m.start() + 1])    # 可以学…
        if (after_word or _is_word(text[:2]) or _is_word(text[2:]) or text in _jieba_words()
                or _fragment(folded, m.start(), m.end())):
            continue
        out.append((m.start(), Candidate(text, text, original[m.start():m.end()], "paired", False, "以X促Y")))
    return out


SHORT_NAME = 3


def _cut_from_word(folded: str, start: int, end: int) -> bool:
    """A short name (two or three characters) whose first or last character makes a word with the
    character beside it is part of a longer word, not the name (双创 in 双创新高). A longer name is
    distinctive enough: 主题教育成果 is 主题教育 + 成果 although 育成 is a word, 民主生活会议程 is
    民主生活会 + 议程."""
    if end - start > SHORT_NAME:
        return False
    return ((end < len(folded) and _is_word(folded[end - 1:end + 1]))
            or (start > 0 and _is_word(folded[start - 1:start + 1])))


def listed_candidates(text: str, matcher: TermMatcher) -> list[Candidate]:
    """Names of the list of standard formulations in one passage (`matcher` maps their keys to
    themselves), quoted or not; longest first, not cut out of a longer word."""
    original = unwrap(text)
    folded = fold(original)
    quote_ends = {end for _, end in quote_spans(folded)}
    out = []
    for match in matcher.finditer(folded):
        # right after a closing quote the name is the head noun of the quoted one (“医者仁心”主题
        # 教育: a unit's own campaign, not the 主题教育)
        if _cut_from_word(folded, match.start, match.end) or match.start in quote_ends:
            continue
        if folded[match.end:match.end + 1] in CLOSERS and _THE_WORDS.match(folded[match.end + 1:match.end + 8]):
            continue     # “国家公园”四个字: the words, cited
        quoted = (match.start > 0 and folded[match.start - 1] in OPENERS
                  and match.end < len(folded) and folded[match.end] in CLOSERS)
        out.append(Candidate(match.term_id, match.term_id, original[match.start:match.end], "listed", quoted))
    return out


def quote_spans(folded: str) -> list[tuple[int, int]]:
    """(start, end) of each quoted phrase, marks included: an opening mark pairs with the next
    mark if that one can close — “” ‘’ and ASCII "" '' in any combination (“红色代办", "夜访农家”);
    an inner pair wins over the quote around it."""
    marks = [(m.start(), m.group()) for m in _QUOTE_MARK.finditer(folded)]
    spans, i = [], 0
    while i < len(marks):
        pos, mark = marks[i]
        if mark in OPENERS and i + 1 < len(marks) and marks[i + 1][1] in CLOSERS:
            spans.append((pos, marks[i + 1][0] + 1))
            i += 2
        else:
            i += 1
    return spans


def find_candidates(text: str) -> tuple[list[Candidate], list[Rejection]]:
    """Candidates and rejected quotes in one passage (any script, hard wraps allowed)."""
    original = unwrap(text)
    folded = fold(original)
    found: list[Candidate] = []
    rejected: list[Rejection] = []
    spans = quote_spans(folded)
    judged: list[tuple[int, int, Candidate | Rejection]] = []
    for start, end in spans:
        inner = folded[start + 1:end - 1]
        if len(inner) > 40:
            rejected.append(Rejection(inner, "too long"))
            judged.append((start, end, rejected[-1]))
            continue
        verdict = judge_quote(inner, folded[max(0, start - 6):start], folded[end:end + 12])
        judged.append((start, end, verdict))
        if isinstance(verdict, Candidate):
            digital = verdict.display.startswith("“")   # “133”计划: the quotes are part of it
            verdict.surface = (original[start:start + len(verdict.display)] if digital
                               else original[start + 1:end - 1].strip())
            meaning = definition_after(original[end:end + 120])
            # “碰不得”就是碰不得: saying the words again defines nothing
            verdict.defined = len(meaning) >= 4 and not term_key(meaning).startswith(verdict.key)
            found.append(verdict)
        else:
            rejected.append(verdict)
    for (_, end, first), (start, second_end, second) in reversed(list(zip(judged, judged[1:]))):
        if isinstance(first, Candidate) and isinstance(second, Candidate) and _SIBLING_JOINT.match(folded[end:start]):
            first.siblings.add(second.key)
            second.siblings.add(first.key)
            if _PAIR_AFTER.match(folded[second_end:]) and first.key != second.key:
                first.pair = second.pair = True
            # “以陈顶新”“虚报库存”等问题: the description covers the whole run of quotes (walked
            # from the end, so that it reaches back to the first)
            first.described |= second.described
    for start, cand in compact_candidates(folded, original):
        if not any(s <= start < e for s, e in spans):   # inside quotes: judged as a quote
            found.append(cand)
    return found, rejected


_KIND_REASON = {"numbered": "数字提法", "paired": "组合式提法", "named": "{named}",
                "ordinal": "序数提法（第……）", "other": "引号中的短语", "listed": "不加引号的说法"}
LISTED_REASON = "见于标准提法表"     # readers see it too: no file names (README names the file)


def decide(slogan: ExtractedSlogan) -> None:
    """Set `accepted` and `reasons` from the evidence collected over the corpus (siblings are
    weighed afterwards, in collect_slogans, once every slogan is decided)."""
    reasons = []
    if slogan.quoted_count:
        reasons.append(f"加引号 {slogan.quoted_count} 次")
    unquoted = len(set(slogan.unquoted_places))
    if unquoted:
        reasons.append(f"不加引号 {unquoted} 处")
    reasons.append(f"见于 {slogan.speeches} 篇讲话")
    named = (f"后接“{'、'.join(sorted(slogan.heads))}”，是一项工作、活动等的名称" if slogan.heads
             else naming_shape(slogan.key) or "以“工程”“岗”“队”“站”等结尾，是一项工作、岗位、队伍等的名称")
    kind = _KIND_REASON[slogan.kind].format(named=named)
    if slogan.patterns:
        kind += f"（{'、'.join(sorted(slogan.patterns))}）"
    reasons.append(kind)
    verbs = set() if slogan.verbs_do_not_name else slogan.verbs
    if slogan.verbs:
        reasons.append(f"前有“{'、'.join(sorted(slogan.verbs))}”，像一项做法或品牌的名称")
        if slogan.role and slogan.kind == "other":
            reasons.append("像一种人员称呼（……长、……员、……人），单凭“组建”之类的词不算提法")
        if slogan.manner:
            reasons.append("以“式”结尾，说的是做法的方式，单凭“推广”之类的词不算提法")
    coined = bool(slogan.weak_verbs) and slogan.coinage and not slogan.verbs_do_not_name
    if coined:
        reasons.append(f"前有“{'、'.join(sorted(slogan.weak_verbs))}”，且是 jieba 词典中没有的新说法")
    if slogan.defined:
        reasons.append("讲话中给出了含义")
    if slogan.criticised and slogan.kind == "other":
        reasons.append("前有“不搞”“防止”之类的词，说的是要避免的现象")
    paired = slogan.pair and not slogan.verbs_do_not_name
    if paired:
        reasons.append("与另一个引号中的说法成对使用（“……”与“……”相结合）")
    quoted_speeches = len({speech for speech, _ in slogan.places})
    plain_counts = not (slogan.compound or slogan.emphasis or slogan.described)
    if slogan.emphasis:
        reasons.append("以“零”开头或是“非”加常用词，是强调或否定的说法，单凭“开展”之类的词或多次使用不算提法")
    elif slogan.described:
        reasons.append("是对情况的描述（后接“问题”“现象”等），多次使用也不算提法")
    elif slogan.compound and not names_a_thing(slogan.key) and (unquoted or slogan.quoted_count >= MIN_REPEAT):
        reasons.append("只是两个常用词连用（不以名词结尾），多次使用也不算提法")
    elif slogan.compound and unquoted:
        reasons.append("不加引号时只是两个常用词连用，不算重复使用")
    # an emphasis is quoted wherever it is used (“零容忍”): how often says nothing
    # a description is quoted wherever something is so described (“急难愁盼”问题): how often,
    # quoted or not, says nothing either
    repeated = not (slogan.emphasis or slogan.described or (slogan.compound and not names_a_thing(slogan.key))) and (
        slogan.quoted_count >= MIN_REPEAT or quoted_speeches >= MIN_REPEAT or (plain_counts and slogan.speeches >= MIN_REPEAT))
    freq, tag = _jieba_words().get(slogan.key, (0, ""))
    # a dictionary word (“二传手”, “一站式”, “冷板凳” freq 15) is used, not coined: numbered or
    # quoted twice, it is still that word
    # “战时”机制: a dictionary word other than a noun, followed by a head noun, still only
    # describes that work (a noun such as “同心圆”工程 may name it)
    slogan.ordinary_word = ((slogan.kind in ("numbered", "other") and tag in _DESCRIBING_TAGS and freq >= ORDINARY_FREQ)
                            or (slogan.kind == "named" and tag in _DESCRIBING_TAGS and tag != "n" and freq >= ORDINARY_FREQ)
                            or (slogan.set_phrase and slogan.kind in ("other", "named"))
                            or (slogan.kind == "numbered" and _one_as_article(slogan.key))
                            # “第一次”, “第一步”: words every text uses (not 第一书记, freq 3)
                            or (slogan.kind == "ordinal" and freq >= WORD_FREQ))
    if slogan.ordinary_word:
        reasons.append("jieba 词典中的成语或习用语，不像一个单位自己的提法" if slogan.set_phrase and slogan.kind != "numbered"
                       else "jieba 词典中的普通词语（名词、形容词或熟语）")
    if slogan.listed:
        # the list is the editor's data: a standard formulation however it is written
        accepted = True
        reasons.append(LISTED_REASON)
    elif slogan.kind in ("numbered", "paired", "named") and not slogan.ordinary_word:
        accepted = True
    elif slogan.kind == "ordinal" and not slogan.ordinary_word:
        accepted = repeated
        if not accepted:
            reasons.append("序数提法只出现一次，可能只是普通说法")
    elif slogan.ordinary_word:
        # a dictionary word is used, not named, however often and after whatever verb
        # (推行“一次性”告知): a definition in the text, or a noun naming a work, makes it one
        # an idiom set before 品牌 (“货畅其流”党建品牌) is the brand's name
        brand = any(head.endswith("品牌") for head in slogan.heads)
        accepted = slogan.defined or ((tag == "n" or brand) and bool(slogan.heads) and not slogan.manner)
        if not accepted:
            reasons.append("成语、习用语只在讲话中给出含义时才算提法" if slogan.set_phrase and slogan.kind != "numbered"
                           else "普通词语只在讲话中给出含义或后接名目时才算提法")
    else:
        # Repetition alone is no evidence: sayings every unit quotes (“卡脖子”, “赶进度”, “软任务”)
        # recur across speeches as much as a brand does, and more often (measured on the labelled
        # set: 10 of 13 phrases accepted by repetition alone were junk). It stays in the reasons
        # for the editor, who sees the candidate on the review page.
        accepted = bool(verbs) or coined or slogan.defined or paired
        if repeated:
            reasons.append("在多处或多篇讲话中使用" + ("" if accepted else
                           "，但各单位都加引号的普通说法也是这样，单凭重复不算提法"))
        elif not accepted:
            reasons.append("只出现一次，前后没有表明它是提法的词，可能只是强调")
    slogan.accepted, slogan.reasons = accepted, reasons


def accept_siblings(slogans: list[ExtractedSlogan]) -> None:
    """A phrase quoted right next to an accepted formulation (“接诉即办”向“未诉先办”延伸) is named
    alongside it: accepted too, unless it is an ordinary word or a role. One step only, decided
    on the first decisions, so that the order of the slogans does not matter."""
    by_key = {s.key: s for s in slogans}
    accepted = {s.key for s in slogans if s.accepted}
    for slogan in slogans:
        if (slogan.accepted or slogan.kind != "other" or slogan.verbs_do_not_name
                or slogan.ordinary_word or slogan.described):
            continue
        partners = sorted(k for k in slogan.siblings if k in accepted)
        if partners:
            slogan.accepted = True
            slogan.reasons[-1] = f"与已收录的“{'”“'.join(by_key[k].display for k in partners)}”并列使用"


def reject_fragments(slogans: list[ExtractedSlogan]) -> None:
    """A weak candidate found only inside passages where a longer accepted candidate containing it
    is also found is that candidate's fragment (“红色代办” inside “红色代办员” …). Numbered,
    paired and listed ones are formulations by themselves."""
    strong = [s for s in slogans if s.accepted]
    for slogan in slogans:
        if not slogan.accepted or slogan.kind in ("numbered", "paired") or slogan.listed:
            continue
        for longer in strong:
            if longer is not slogan and slogan.key in longer.key and len(longer.key) > len(slogan.key) \
                    and set(slogan.places) <= set(longer.places):
                slogan.accepted = False
                slogan.reasons.append(f"是更长提法“{longer.display}”的一部分")
                break


_STRENGTH = {"numbered": 4, "paired": 3, "named": 2, "ordinal": 1, "other": 0, "listed": -1}


def extract_slogans(passages, listed: frozenset[str] = frozenset()) -> list[ExtractedSlogan]:
    """Formulations found in `passages` — an iterable of (speech id, paragraph id, text) — that
    pass the rules of this module, in first-seen order; `listed`: keys of the list of standard
    formulations."""
    passages, matcher = list(passages), listed_matcher(listed)
    found = [(sid, pid, text, find_candidates(text)[0]) for sid, pid, text in passages]
    return [s for s in collect_slogans([(sid, pid, cands) for sid, pid, _, cands in found], passages, listed,
                                       [(sid, pid, fresh_listed(text, matcher, cands)) for sid, pid, text, cands in found])
            if s.accepted]


def unquoted_mentions(slogans: list[ExtractedSlogan], passages) -> None:
    """Record where each candidate is used outside the places it was found as a candidate
    (灯下黑 quoted in one speech, written plainly in another): repetition across speeches is
    evidence too. One scan of `passages` — (speech id, paragraph id, text) — for every key."""
    if not slogans:
        return
    matcher = TermMatcher({s.key: s.key for s in slogans}, memo=False)
    by_key = {s.key: s for s in slogans}
    places = {s.key: set(s.places) for s in slogans}
    for speech_id, paragraph_id, text in passages:
        for key in matcher.counts(text):
            if key in by_key and (speech_id, paragraph_id) not in places[key]:
                by_key[key].unquoted_places.append((speech_id, paragraph_id))


def listed_matcher(listed: frozenset[str]) -> TermMatcher | None:
    """The matcher of the names of the list of standard formulations (None for no list)."""
    return TermMatcher({key: key for key in listed}, memo=False) if listed else None


def fresh_listed(text: str, matcher: TermMatcher | None, found: list[Candidate]) -> list[Candidate]:
    """The listed names in one passage that are not already among its candidates `found`
    (a passage's own matter: so it is computed, and cached, with the passage's candidates)."""
    if matcher is None:
        return []
    keys = {c.key for c in found}
    return [c for c in listed_candidates(text, matcher) if c.key not in keys]


def collect_slogans(found, passages=(), listed: frozenset[str] = frozenset(), listed_found=()
                    ) -> list[ExtractedSlogan]:
    """Every candidate found, accepted or not, with its evidence and decision, in first-seen
    order: `found` yields (speech id, paragraph id, candidates of that passage) in reading order,
    `listed_found` the same for the names of the list of standard formulations not among them
    (fresh_listed, worked out with each speech's candidates); `passages`, the corpus's (speech
    id, paragraph id, text), is searched for unquoted uses; `listed`: the list's keys."""
    by_key: dict[str, ExtractedSlogan] = {}
    _add_candidates(by_key, found)
    _add_candidates(by_key, listed_found)
    slogans = list(by_key.values())
    for slogan in slogans:
        slogan.listed = slogan.key in listed
    unquoted_mentions(slogans, passages)
    for slogan in slogans:
        decide(slogan)
    accept_siblings(slogans)
    reject_fragments(slogans)
    return slogans


def _add_candidates(by_key: dict, found) -> None:
    """Fold each passage's candidates into the slogan of its key (created on first sight)."""
    for speech_id, paragraph_id, candidates in found:
        for cand in candidates:
            slogan = by_key.setdefault(cand.key, ExtractedSlogan(cand.key, cand.display, cand.kind, role=True, manner=True,
                                                                     described=True))
            if _STRENGTH[cand.kind] > _STRENGTH[slogan.kind]:
                slogan.kind = cand.kind
            slogan.quoted_count += cand.quoted
            slogan.places.append((speech_id, paragraph_id))
            slogan.surfaces.add(cand.surface)
            slogan.patterns |= {cand.pattern} - {""}
            slogan.heads |= {cand.head} - {""}
            slogan.verbs |= {cand.verb} - {""}
            slogan.weak_verbs |= {cand.weak_verb} - {""}
            slogan.siblings |= cand.siblings - {cand.key}
            slogan.role &= cand.role
            slogan.manner &= cand.manner
            slogan.criticised |= cand.criticised
            slogan.pair |= cand.pair
            slogan.emphasis |= cand.emphasis
            slogan.described &= cand.described      # a description wherever it is quoted
            slogan.set_phrase |= cand.set_phrase
            slogan.defined |= cand.defined


def speech_passages(speech) -> list[tuple[str, str, str]]:
    """Every heading and paragraph of one speech as (speech id, anchor, text)."""
    out = []
    for section in speech.sections:
        if section.heading:
            out.append((speech.id, section.id, section.heading))
        out += [(speech.id, p.id, p.text) for p in section.paragraphs]
    return out


def passages_of(corpus) -> list[tuple[str, str, str]]:
    """Every heading and paragraph of a corpus as (speech id, anchor, text)."""
    return [passage for speech in corpus.speeches for passage in speech_passages(speech)]
