"""Problems: the families (``families/``), their registry and the machinery they share."""
