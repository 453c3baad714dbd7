"""The pages of documents and their copies, one module per sub-domain, cut and named like the
operations; forms beside them, templates under ``templates/carriers/<sub>/``."""
