"""Online quizzes: an assignment's questions as Canvas, Moodle and PrairieLearn files.

``nnquiz quiz`` makes N verified variants of every question (``variants``), lays each
out as HTML with a box per number (``html``), and writes one platform's files:
``canvas`` (a QTI 1.2 zip), ``moodle`` (Moodle XML, Cloze questions) or
``prairielearn`` (question folders). ``holds`` refuses what a platform cannot hold;
``output`` writes all of it or nothing, never over files nnquiz did not write.
"""
