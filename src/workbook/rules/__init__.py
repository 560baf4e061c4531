"""Free-text rules: question rules and SMART action checks, each one data file,
evaluated here and in the browser alike."""

from workbook.rules._engine import (
    RULES_PATH,
    QuestionRules,
    RewriteMark,
    Verdict,
    classify_question,
    default_rules,
    load_rules,
    mark_rewrite,
)
from workbook.rules._smart import (
    SMART_RULES_PATH,
    SmartCheck,
    SmartRules,
    check_smart_action,
    default_smart_rules,
    load_smart_rules,
)

__all__ = [
    "RULES_PATH",
    "SMART_RULES_PATH",
    "QuestionRules",
    "RewriteMark",
    "SmartCheck",
    "SmartRules",
    "Verdict",
    "check_smart_action",
    "classify_question",
    "default_rules",
    "default_smart_rules",
    "load_rules",
    "load_smart_rules",
    "mark_rewrite",
]
