"""Sites in other languages and scripts, for the tests that build them: each with an article, a claim and its
sources written in the site's language, and a second article in a foreign language (with its own direction)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from helpers import MKDOCS_YML, ROOT, write_report


@dataclass(frozen=True)
class Language:
    """One language's test site: what it is written in, and what a reader would search for and see."""

    code: str
    """Material's `theme.language`."""
    site_name: str
    body: str
    """The article, in this language; `quote` is a passage of it."""
    quote: str
    claim: str
    claimant: str
    conclusion: str
    notes: str
    search_word: str
    """A word from the middle of the claim, as a reader types it into search."""
    month: str
    """The name of March as dates show it (the claim is published on 10 March 2025)."""
    foreign_claim: str
    """The desk's summary (in this language) of the claim in the foreign article."""
    direction: str = "ltr"
    foreign: str = "ar"
    """The language of the site's second article, which must carry its own `lang` and `dir`."""


LANGUAGES = {
    "uk": Language("uk", "Бюро перевірки фактів",
                   "Міністр заявив у понеділок, що безробіття скоротилося на п'ять відсотків за рік.\n\n"
                   "Опозиція каже, що ціни на хліб зросли вдвічі.\n",
                   "безробіття скоротилося на п'ять відсотків", "Безробіття за рік скоротилося на п'ять відсотків",
                   "Олена Коваль", "Дані служби зайнятості показують скорочення на три відсотки.",
                   "Ми порівняли дані служби зайнятості за два роки.", "скоротилося", "березня",
                   "Ціни на пшеницю цього місяця різко зросли"),
    "es": Language("es", "Redacción de verificación",
                   "La ministra dijo el lunes que el desempleo bajó un cinco por ciento en un año.\n\n"
                   "La oposición afirma que el pan subió el doble.\n",
                   "el desempleo bajó un cinco por ciento", "El desempleo bajó un cinco por ciento en un año",
                   "Lucía Gómez", "Los datos del servicio de empleo muestran una bajada del tres por ciento.",
                   "Comparamos los datos del servicio de empleo de los dos años.", "desempleo", "marzo",
                   "El precio del trigo subió mucho este mes"),
    "ar": Language("ar", "مكتب التحقق من الأخبار",
                   "قال الوزير يوم الاثنين إن البطالة انخفضت بنسبة خمسة في المئة خلال عام.\n\n"
                   "وتقول المعارضة إن سعر الخبز تضاعف.\n",
                   "البطالة انخفضت بنسبة خمسة في المئة", "البطالة انخفضت بنسبة خمسة في المئة خلال عام",
                   "سلمى حداد", "تُظهر بيانات مكتب التوظيف انخفاضًا بنسبة ثلاثة في المئة.",
                   "قارنّا بيانات مكتب التوظيف للعامين.", "انخفضت", "مارس",
                   "أسعار القمح ارتفعت كثيرا هذا الشهر", direction="rtl", foreign="en"),
    "zh": Language("zh", "事实核查编辑部",
                   "部长星期一表示，失业率在一年内下降了百分之五。\n\n反对派说面包价格翻了一番。\n",
                   "失业率在一年内下降了百分之五", "失业率一年内下降了百分之五",
                   "王丽", "就业服务机构的数据显示下降了百分之三。", "我们比较了就业服务机构两年的数据。",
                   "下降", "3月", "本月小麦价格大幅上涨"),
}

FOREIGN = {
    "ar": ("تقرير عن الأسعار", "قال التاجر إن أسعار القمح ارتفعت كثيرا هذا الشهر.\n", "أسعار القمح ارتفعت كثيرا"),
    "en": ("A report on prices", "The trader said that wheat prices rose sharply this month.\n",
           "wheat prices rose sharply"),
}
"""Second articles, in a language other than the site's: (title, body, quote)."""


def native_claim(lang: Language) -> dict[str, Any]:
    """An approved claim on the language's article, every field in that language."""
    return {"id": "jobs", "quote": lang.quote, "claim": lang.claim,
            "claimant": {"name": lang.claimant, "type": "person"}, "claim_date": "2025-03-03",
            "rating": "mostly-false", "conclusion": lang.conclusion, "notes": lang.notes,
            "sources": [{"title": lang.site_name, "publisher": lang.claimant, "date": "2025-01-15", "kind": "primary"}],
            "counterclaims": [], "reply": {"contacted": "2025-03-05"}, "status": "approved",
            "author": lang.claimant, "editor": lang.claimant, "published": "2025-03-10",
            "corrections": [{"date": "2025-03-12", "text": lang.conclusion}]}


def make_language_site(root: Path, lang: Language) -> Path:
    """A site in `lang`: mkdocs.yml with theme.language (and the example's light and dark palettes), the native
    report and a foreign-language one."""
    root.mkdir(parents=True, exist_ok=True)
    config = yaml.safe_load(MKDOCS_YML)
    config["site_name"] = lang.site_name
    config["theme"]["language"] = lang.code
    config["theme"]["palette"] = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["theme"]["palette"]
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    content = root / "content"
    write_report(content, "jobs", [native_claim(lang)], lang.body,
                 {"title": lang.claim, "publisher": lang.site_name, "language": lang.code})
    title, body, quote = FOREIGN[lang.foreign]
    foreign = native_claim(lang) | {"id": "wheat", "quote": quote, "claim": lang.foreign_claim, "corrections": []}
    write_report(content, "wheat", [foreign], body, {"title": title, "publisher": title, "language": lang.foreign})
    return root
