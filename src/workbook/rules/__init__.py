"""Free-text question rules: one data file, evaluated here and in the browser alike."""

from workbook.rules._engine import QuestionRules, Verdict, classify_question, load_rules

__all__ = ["QuestionRules", "Verdict", "classify_question", "load_rules"]
