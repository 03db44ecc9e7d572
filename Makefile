# 两个常用命令：
#   make draft   建好环境并生成示例初稿 drafts/2023/区政府办公室.docx
#   make test    建好环境并运行全部测试
#   make serve   打开填写网页（边填边检查，下载 Word 初稿）
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: draft test diff batch bench template wheelhouse serve clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

draft: $(STAMP)
	$(BIN)/python -m generator draft inputs/2023/区政府办公室.yaml

# 2022 → 2023 年度比对：终端摘要，另存修订版 Word 和 HTML 对照页到 drafts/比对/
diff: $(STAMP)
	$(BIN)/python -m generator diff inputs/2022/区政府办公室.yaml inputs/2023/区政府办公室.yaml \
	  --ignore-year-shift --docx drafts/比对/2022-2023.docx --html drafts/比对/2022-2023.html

# 2023 年全部单位：四个所属单位各一份初稿，加部门汇总初稿，与单位之和逐项核对
batch: $(STAMP)
	$(BIN)/python -m generator batch inputs/2023

# 填写网页：在浏览器里填数字、看检查结果和初稿预览、下载 Word 初稿；按 Ctrl+C 停止
serve: $(STAMP)
	$(BIN)/python -m generator serve

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/draft_speed.py
	$(BIN)/python benchmarks/diff_speed.py
	$(BIN)/python benchmarks/batch_speed.py
	$(BIN)/python benchmarks/selfcheck_speed.py
	$(BIN)/python benchmarks/pdf_speed.py
	$(BIN)/python benchmarks/web_speed.py
	$(BIN)/python benchmarks/workbook_speed.py

# Rebuild both Word templates from tools/build_template.py (overwrites edits made in Word),
# then the variable reference.
template: $(STAMP)
	$(BIN)/python tools/build_template.py
	$(BIN)/python -m generator template-vars -o templates/变量一览.md --yaml templates/variables.yaml

# Everything an office PC without internet needs, as wheels: copy the folder over and run
#   pip install --no-index --find-links wheelhouse budget-explainer
# (build it on a connected PC of the same kind — Windows wheels on Windows — and Python version).
wheelhouse: $(STAMP)
	$(BIN)/python -m pip wheel --wheel-dir wheelhouse '.[web]'

clean:
	rm -rf $(VENV) drafts build wheelhouse *.egg-info
