"""部门预算情况说明起草工具, as a library: load, check, draft and diff (see generator.api and the README).

The functions are imported on first use, so `python -m generator` stays quick to start.
"""

PUBLIC = ("load", "check", "draft", "diff", "Draft", "Source", "Request")
__all__ = list(PUBLIC)


def __getattr__(name: str):
    """Return a public function of generator.api (or the publish Request), imported on first use."""
    if name == "Request":  # which 公开表 and PDFs Draft.save writes beside the draft
        from generator.publish import Request

        return Request
    if name in PUBLIC:
        from generator import api

        return getattr(api, name)
    raise AttributeError(f"module 'generator' has no attribute {name!r}")
