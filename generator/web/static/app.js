// 填写网页：按程序的字段目录生成表单，边填边检查，预览初稿，下载。
// 没有外部库、没有构建步骤；所有数据都只发往本机的服务。
"use strict";

const state = { sections: [], lastYear: null, template: null, previous: [], timer: null, seq: 0, unknown: {} };
const DELAY_MS = 300; // 停止输入 0.3 秒后检查：打字时不卡顿，停下即见结果
const SEVERITY_CLASS = { "错误": "error", "警告": "warning", "提示": "note" };

const $ = (selector, root = document) => root.querySelector(selector);
const $$ = (selector, root = document) => Array.from(root.querySelectorAll(selector));

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("data-")) node.setAttribute(key, value);
    else node[key] = value;
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

async function request(path, options = {}) {
  const response = await fetch(path, { credentials: "same-origin", ...options });
  const type = response.headers.get("Content-Type") || "";
  if (type.startsWith("application/json")) {
    const body = await response.json();
    if (!response.ok) throw Object.assign(new Error(body.error || "请求失败"), { body });
    return body;
  }
  if (!response.ok) throw new Error(`请求失败（${response.status}）`);
  return response;
}

function postJSON(path, body) {
  return request(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
}

// ---- 表单：由字段目录生成 ----

function buildForm(sections) {
  const form = $("#form");
  form.replaceChildren(...sections.map((section) => buildSection(section)));
}

function buildSection(field) {
  if (field.widget !== "group") {
    const part = el("section", { class: "part" }, el("h2", { text: field.key }));
    part.append(buildField(field));
    return part;
  }
  const part = el("section", { class: "part", "data-field": field.path },
    el("h2", { text: field.key }), helpText(field), el("div", { class: "findings" }));
  for (const child of field.fields) part.append(child.widget === "group" ? buildGroup(child) : buildField(child));
  return part;
}

function buildGroup(field) {
  const group = el("fieldset", { class: "group", "data-field": field.path },
    el("legend", { text: field.key }), helpText(field), el("div", { class: "findings" }));
  for (const child of field.fields) group.append(child.widget === "group" ? buildGroup(child) : buildField(child));
  return group;
}

function helpText(field) {
  const words = [field.help, field.hint].filter(Boolean).join("；");
  return words ? el("p", { class: "help", text: words + (field.required ? "" : "（可不填）") }) : null;
}

function buildField(field) {
  const box = el("div", { class: `field ${field.widget}`, "data-field": field.path });
  const id = `f-${field.path}`;
  box.append(el("label", { class: "label", htmlFor: id, text: field.key }));
  if (field.widget === "compared") {
    const parts = el("div", { class: "compared-parts" });
    field.parts.forEach((part, index) => {
      const input = index < 2
        ? el("input", { type: "text", inputMode: "decimal", id: index === 0 ? id : `${id}.${part}` })
        : el("textarea", { rows: 2, id: `${id}.${part}` });
      input.dataset.path = `${field.path}.${part}`;
      input.dataset.widget = index < 2 ? "number" : "line";
      parts.append(el("label", { class: `part-${index}` }, el("span", { text: part }), input));
    });
    box.append(parts);
  } else {
    box.append(inputFor(field, id));
  }
  box.append(helpText(field), el("div", { class: "findings" }));
  return box;
}

function inputFor(field, id) {
  let input;
  if (field.choices.length) {
    input = el("select", { id }, el("option", { value: "", text: "（默认）" }),
      ...field.choices.map((choice) => el("option", { value: choice, text: choice })));
  } else if (field.widget === "lines" || field.widget === "pairs") {
    input = el("textarea", { id, rows: field.widget === "lines" ? 4 : 3 });
  } else {
    input = el("input", { type: "text", id, inputMode: field.widget === "number" ? "decimal" : "text" });
  }
  input.dataset.path = field.path;
  input.dataset.widget = field.widget;
  input.dataset.kind = field.kind;
  return input;
}

// ---- 表单数据 ⇄ 与输入文件同样结构的数据 ----

function setAt(data, path, value) {
  const keys = path.split(".");
  let node = data;
  for (const key of keys.slice(0, -1)) node = node[key] = (node[key] && typeof node[key] === "object") ? node[key] : {};
  node[keys[keys.length - 1]] = value;
}

function getAt(data, path) {
  let node = data;
  for (const key of path.split(".")) {
    if (node === null || typeof node !== "object") return undefined;
    node = node[key];
  }
  return node;
}

function splitPair(line) {
  const match = line.match(/^(.*?)\s*[:：]\s*([^:：]*)$/);
  return match ? [match[1].trim(), match[2].trim()] : [line.trim(), ""];
}

function readInput(input) {
  const text = input.value.trim();
  const lines = input.value.split("\n").map((line) => line.trim().replace(/^-\s*/, "")).filter(Boolean);
  if (input.dataset.widget === "lines") return lines.length ? lines : null;
  if (input.dataset.kind === "named") return lines.length ? Object.fromEntries(lines.map(splitPair)) : null;
  if (input.dataset.kind === "projects") return lines.map((line) => { const [name, amount] = splitPair(line); return { "名称": name, "金额": amount }; });
  return text === "" ? null : text;
}

function collect() {
  const data = {};
  for (const input of $$("[data-path]", $("#form"))) {
    const value = readInput(input);
    if (value !== null) setAt(data, input.dataset.path, value);
  }
  return mergeUnknown(data, state.unknown);
}

// 打开的文件里有表单没有的项（多半是写错的字段名）：原样保留并送去检查，让检查指出“是不是……”，而不是悄悄丢掉。
function unknownParts(data, prefix = "") {
  const kept = {};
  for (const [key, value] of Object.entries(data || {})) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (document.querySelector(`[data-path="${CSS.escape(path)}"]`)) continue;
    const box = document.querySelector(`[data-field="${CSS.escape(path)}"]`);
    if (!box) kept[key] = value;
    else if (value && typeof value === "object" && !Array.isArray(value)) {
      const inner = unknownParts(value, path);
      if (Object.keys(inner).length) kept[key] = inner;
    }
  }
  return kept;
}

function mergeUnknown(data, unknown) {
  for (const [key, value] of Object.entries(unknown)) {
    if (!(key in data)) data[key] = value;
    else if (value && typeof value === "object" && data[key] && typeof data[key] === "object") mergeUnknown(data[key], value);
  }
  return data;
}

function showValue(input, value) {
  if (value === undefined || value === null) return "";
  if (input.dataset.widget === "lines") return Array.isArray(value) ? value.join("\n") : String(value);
  if (input.dataset.kind === "named" && typeof value === "object") return Object.entries(value).map(([k, v]) => `${k}: ${v ?? ""}`).join("\n");
  if (input.dataset.kind === "projects" && Array.isArray(value)) return value.map((item) => `${item["名称"] ?? ""}: ${item["金额"] ?? ""}`).join("\n");
  return typeof value === "object" ? "" : String(value);
}

function fill(data) {
  state.unknown = unknownParts(data);
  for (const input of $$("[data-path]", $("#form"))) {
    let value = getAt(data, input.dataset.path);
    const path = input.dataset.path;
    if (value === undefined && path.endsWith(".本年")) {  // 只写了一个数：就是本年数
      const whole = getAt(data, path.slice(0, -3));
      if (whole !== null && typeof whole !== "object") value = whole;
    }
    input.value = showValue(input, value);
  }
  state.previous = [];
  scheduleCheck(0);
}

// ---- 检查与预览 ----

function scheduleCheck(delay = DELAY_MS) {
  clearTimeout(state.timer);
  state.timer = setTimeout(runCheck, delay);
}

async function runCheck() {
  const seq = ++state.seq;
  let result;
  try {
    result = await postJSON("/api/check", { data: collect(), last_year: state.lastYear, template: state.template });
  } catch (error) {
    if (seq === state.seq) showSummary(error.message, "error");
    return;
  }
  if (seq !== state.seq) return; // 已有更新的检查
  showFindings(result.findings);
  const errors = result.findings.filter((f) => f.severity_label === "错误").length;
  showSummary(result.summary + (errors ? "有错误时不能生成初稿。" : result.drafted ? "可以下载初稿。" : ""),
    errors ? "error" : result.findings.some((f) => f.severity_label === "警告") ? "warning" : "ok");
  showPreview(result.paragraphs, errors > 0);
}

function showSummary(text, level) {
  const summary = $("#summary");
  summary.textContent = text;
  summary.className = `summary ${level}`;
}

function findingItem(finding) {
  const level = SEVERITY_CLASS[finding.severity_label] || "note";
  return el("div", { class: `finding ${level}` },
    el("span", { class: "badge", text: finding.severity_label }),
    el("span", { class: "rule", text: `[${finding.rule}]` }),
    ` ${finding.message}`);
}

function placeFor(field) {
  const keys = (field || "").split(".");
  for (let n = keys.length; n > 0; n--) {
    const box = document.querySelector(`[data-field="${CSS.escape(keys.slice(0, n).join("."))}"]`);
    if (box) return box;
  }
  return null;
}

function showFindings(findings) {
  for (const slot of $$(".findings")) slot.replaceChildren();
  for (const box of $$("[data-field]")) box.classList.remove("has-error", "has-warning", "has-note");
  const general = $("#general");
  general.replaceChildren();
  for (const finding of findings) {
    const box = placeFor(finding.field);
    const level = SEVERITY_CLASS[finding.severity_label] || "note";
    if (box) {
      $(".findings", box).append(findingItem(finding));
      box.classList.add(`has-${level}`);
    } else {
      general.append(el("li", {}, findingItem(finding)));
    }
  }
}

const SENTENCE = /[^。；！？]+[。；！？]?/g;

function showPreview(paragraphs, stale) {
  const preview = $("#preview");
  $("#preview-state").textContent = stale ? "有错误，预览停在上一次没有错误时的文本。改正后会自动更新。" : "";
  preview.classList.toggle("stale", stale);
  if (!paragraphs.length) return;
  const before = new Set(state.previous.flatMap((p) => p.match(SENTENCE) || []));
  const compare = state.previous.length > 0;
  preview.replaceChildren(...paragraphs.map((text, index) => {
    const p = el("p", { class: index === 0 ? "title" : /^[一二三四五六七八九十]+、/.test(text) ? "heading" : "" });
    for (const sentence of text.match(SENTENCE) || []) {
      p.append(compare && !before.has(sentence) ? el("mark", { text: sentence }) : document.createTextNode(sentence));
    }
    return p;
  }));
  state.previous = paragraphs;
}

// ---- 开始、模板、下载 ----

function say(selector, text, level = "") {
  const node = $(selector);
  node.textContent = text;
  node.className = `message ${level}`;
}

async function upload(path, fields) {
  const body = new FormData();
  for (const [key, value] of Object.entries(fields)) body.append(key, value);
  return request(path, { method: "POST", body });
}

async function openInput(file, mode) {
  try {
    const result = await upload("/api/open", { file, mode: mode === "reference" ? "existing" : mode });
    if (mode === "reference") {  // 只用来核对上年数，不改表单
      state.lastYear = result.data;
      say("#message", `${result.name}：已作为上年的输入，今年填的“上年”数将与它的“本年”数核对。`, "ok");
      scheduleCheck(0);
      return;
    }
    state.lastYear = result.last_year;
    fill(result.data);
    const what = mode === "last_year" ? "已按上年的输入开始：上年的“本年”数已填入“上年”，请填写今年的数字。" : "已打开，可以继续填写。";
    say("#message", `${result.name}：${what}${result.notes.length ? "（" + result.notes.join("；") + "）" : ""}`, "ok");
  } catch (error) {
    say("#message", error.message, "error");
  }
}

async function useTemplate(file) {
  try {
    const result = await upload("/api/template", { file });
    state.template = result.token;
    $("#template-reset").hidden = false;
    say("#message", `使用模板：${result.name}`, "ok");
    scheduleCheck(0);
  } catch (error) {
    say("#message", error.message, "error");
  }
}

function fileName(response, fallback) {
  const header = response.headers.get("Content-Disposition") || "";
  const match = header.match(/filename\*=UTF-8''([^;]+)/);
  return match ? decodeURIComponent(match[1]) : fallback;
}

async function download(path, fallback) {
  say("#download-message", "正在生成……");
  try {
    const response = await postJSON(path, { data: collect(), last_year: state.lastYear, template: state.template });
    const blob = await response.blob();
    const link = el("a", { href: URL.createObjectURL(blob), download: fileName(response, fallback) });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 60000);
    say("#download-message", `已下载：${link.download}（在浏览器的下载文件夹里）`, "ok");
  } catch (error) {
    say("#download-message", error.message, "error");
  }
}

function showExtras(extras) {
  const place = $("#extra-downloads");
  for (const [kind, item] of Object.entries(extras.downloads)) {
    const button = el("button", { type: "button", class: "secondary", text: `下载${item.label}`, disabled: !item.ok, title: item.why });
    button.addEventListener("click", () => download(`/api/publish/${kind}`, item.label));
    place.append(button);
  }
  const reasons = [...new Set(Object.values(extras.downloads).filter((i) => !i.ok).map((i) => i.why))];
  if (reasons.length) place.append(el("span", { class: "note", text: reasons.join(" ") }));
  $("#workbook-note").textContent = extras.workbook_note;
  if (extras.workbooks.length) {
    const accept = [".yaml", ".yml", ...extras.workbooks].join(",");
    $("#open-last-year").accept = accept;
    $("#open-existing").accept = accept;
    $("#open-reference").accept = accept;
  }
}

// ---- 比对、审核 ----

async function compareDrafts(event) {
  event.preventDefault();
  say("#diff-message", "正在比对……");
  const frame = $("#diff-frame");
  try {
    const result = await request("/api/diff", { method: "POST", body: new FormData(event.target) });
    frame.srcdoc = result.html;
    frame.hidden = false;
    say("#diff-message", result.lines.slice(0, 3).join(" "), "ok");
  } catch (error) {
    frame.hidden = true;
    say("#diff-message", error.message, "error");
  }
}

async function auditDocument(event) {
  event.preventDefault();
  say("#audit-summary", "正在审核……");
  const list = $("#audit-findings");
  list.replaceChildren();
  try {
    const result = await request("/api/audit", { method: "POST", body: new FormData(event.target) });
    const errors = result.findings.some((f) => f.severity_label === "错误");
    say("#audit-summary", `${result.name}：${result.summary}`, errors ? "error" : "ok");
    list.replaceChildren(...result.findings.map((f) => el("li", {}, findingItem(f))));
  } catch (error) {
    say("#audit-summary", error.message, "error");
  }
}

// ---- 启动 ----

async function start() {
  const form = await request("/api/form");
  state.sections = form.sections;
  buildForm(form.sections);
  showExtras(form.extras);
  $("#form").addEventListener("input", () => scheduleCheck());
  $("#form").addEventListener("submit", (event) => event.preventDefault());
  $("#open-last-year").addEventListener("change", (e) => { if (e.target.files[0]) openInput(e.target.files[0], "last_year"); e.target.value = ""; });
  $("#open-existing").addEventListener("change", (e) => { if (e.target.files[0]) openInput(e.target.files[0], "existing"); e.target.value = ""; });
  $("#open-reference").addEventListener("change", (e) => { if (e.target.files[0]) openInput(e.target.files[0], "reference"); e.target.value = ""; });
  $("#template").addEventListener("change", (e) => { if (e.target.files[0]) useTemplate(e.target.files[0]); e.target.value = ""; });
  $("#template-reset").addEventListener("click", () => { state.template = null; $("#template-reset").hidden = true; say("#message", "使用本工具自带模板。"); scheduleCheck(0); });
  $("#blank").addEventListener("click", () => { state.lastYear = null; fill({}); say("#message", "空白单位：请从“单位”开始填写。"); });
  $("#download-docx").addEventListener("click", () => download("/api/docx", "初稿.docx"));
  $("#download-yaml").addEventListener("click", () => download("/api/yaml", "输入.yaml"));
  $("#diff-form").addEventListener("submit", compareDrafts);
  $("#audit-form").addEventListener("submit", auditDocument);
  // 打印时每个多行框按内容撑开，职责、机构不被截断
  window.addEventListener("beforeprint", () => $$("textarea").forEach((box) => { box.style.height = `${box.scrollHeight + 4}px`; }));
  window.addEventListener("afterprint", () => $$("textarea").forEach((box) => { box.style.height = ""; }));
  fill({});
}

document.addEventListener("DOMContentLoaded", () => start().catch((error) => showSummary(`网页载入失败：${error.message}`, "error")));
