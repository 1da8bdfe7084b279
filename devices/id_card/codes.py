"""The codes a card carries and their names, in Chinese and English.

Sex: GB/T 2261.1 (0 unknown, 1 male, 2 female, 9 unspecified). Nation: GB/T 3304, the 56
nations with their standard romanisations (01 汉 Han ... 56 基诺 Jino), and 97 其他,
98 外国血统中国籍人士. A card carries the code; the screen and the catalog want the name.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from kiosk.i18n import Text, text

SEXES: Final[Mapping[str, Text]] = {
    "0": text("未知的性别", "Unknown"),
    "1": text("男", "Male"),
    "2": text("女", "Female"),
    "9": text("未说明的性别", "Unspecified"),
}

_NATIONS: Final = (
    ("汉", "Han"),
    ("蒙古", "Mongol"),
    ("回", "Hui"),
    ("藏", "Zang"),
    ("维吾尔", "Uygur"),
    ("苗", "Miao"),
    ("彝", "Yi"),
    ("壮", "Zhuang"),
    ("布依", "Buyei"),
    ("朝鲜", "Chosen"),
    ("满", "Man"),
    ("侗", "Dong"),
    ("瑶", "Yao"),
    ("白", "Bai"),
    ("土家", "Tujia"),
    ("哈尼", "Hani"),
    ("哈萨克", "Kazak"),
    ("傣", "Dai"),
    ("黎", "Li"),
    ("傈僳", "Lisu"),
    ("佤", "Va"),
    ("畲", "She"),
    ("高山", "Gaoshan"),
    ("拉祜", "Lahu"),
    ("水", "Sui"),
    ("东乡", "Dongxiang"),
    ("纳西", "Naxi"),
    ("景颇", "Jingpo"),
    ("柯尔克孜", "Kirgiz"),
    ("土", "Tu"),
    ("达斡尔", "Daur"),
    ("仫佬", "Mulao"),
    ("羌", "Qiang"),
    ("布朗", "Blang"),
    ("撒拉", "Salar"),
    ("毛南", "Maonan"),
    ("仡佬", "Gelao"),
    ("锡伯", "Xibe"),
    ("阿昌", "Achang"),
    ("普米", "Pumi"),
    ("塔吉克", "Tajik"),
    ("怒", "Nu"),
    ("乌孜别克", "Uzbek"),
    ("俄罗斯", "Russ"),
    ("鄂温克", "Ewenki"),
    ("德昂", "Deang"),
    ("保安", "Bonan"),
    ("裕固", "Yugur"),
    ("京", "Gin"),
    ("塔塔尔", "Tatar"),
    ("独龙", "Derung"),
    ("鄂伦春", "Oroqen"),
    ("赫哲", "Hezhen"),
    ("门巴", "Monba"),
    ("珞巴", "Lhoba"),
    ("基诺", "Jino"),
)

NATIONS: Final[Mapping[str, Text]] = {
    **{f"{n:02d}": text(zh, en) for n, (zh, en) in enumerate(_NATIONS, start=1)},
    "97": text("其他", "Other"),
    "98": text("外国血统中国籍人士", "Chinese citizen of foreign origin"),
}


def sex_name(code: str, language: str = "zh_CN") -> str:
    """The sex's name in `language`; the code itself when it is not a GB/T 2261.1 code."""
    name = SEXES.get(code)
    return code if name is None else name.get(language)


def nation_name(code: str, language: str = "zh_CN") -> str:
    """The nation's name in `language`; "" for no nation, the code when unknown."""
    if not code:
        return ""
    name = NATIONS.get(code)
    return code if name is None else name.get(language)
