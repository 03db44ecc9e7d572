"""部门预算情况说明起草工具: structured budget numbers → checked → a publish-ready Word draft."""
