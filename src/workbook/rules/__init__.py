"""Free-text rules: question rules and SMART action checks, each one data file,
evaluated here and in the browser alike."""

from workbook.rules._engine import QuestionRules, RewriteMark, Verdict, classify_question, load_rules, mark_rewrite
from workbook.rules._smart import SmartCheck, SmartRules, check_smart_action, load_smart_rules

__all__ = [
    "QuestionRules",
    "RewriteMark",
    "SmartCheck",
    "SmartRules",
    "Verdict",
    "check_smart_action",
    "classify_question",
    "load_rules",
    "load_smart_rules",
    "mark_rewrite",
]
