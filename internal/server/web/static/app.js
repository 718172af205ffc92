// vanthu web UI: progressive enhancement only. Every page works without
// this file; it adds drag-and-drop upload with live job progress, page zoom
// on the document page and small conveniences.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  var STAGES = {
    sending: "Đang gửi tệp…",
    queued: "Đang chờ xử lý",
    uploaded: "Đã tải lên",
    reading: "Đang đọc",
    ocr: "Nhận dạng ký tự (OCR)",
    extracting: "Đang trích xuất",
    indexing: "Đang lập chỉ mục",
    done: "Hoàn thành"
  };
  var FINAL = { done: true, failed: true, duplicate: true };
  var POLL_MS = 700;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  function apiError(xhrOrText, fallback) {
    try {
      var body = typeof xhrOrText === "string" ? xhrOrText : xhrOrText.responseText;
      var j = JSON.parse(body);
      if (j && j.error && j.error.message) return j.error.message;
    } catch (e) { /* not JSON */ }
    return fallback;
  }

  // ---- Upload page -------------------------------------------------------

  function JobRow(list, fileName) {
    this.li = el("li", "job");
    this.name = el("div", "name", fileName);
    this.stage = el("div", "stage", STAGES.sending);
    this.bar = el("progress");
    this.bar.max = 100;
    this.bar.value = 0;
    this.bar.setAttribute("aria-label", "Tiến độ xử lý " + fileName);
    this.result = el("p", "result");
    this.li.appendChild(this.name);
    this.li.appendChild(this.stage);
    this.li.appendChild(this.bar);
    this.li.appendChild(this.result);
    list.insertBefore(this.li, list.firstChild);
  }
  JobRow.prototype.sending = function (frac) {
    this.stage.textContent = STAGES.sending + " " + Math.round(frac * 100) + "%";
    this.bar.value = Math.round(frac * 10); // sending is the first tenth
  };
  JobRow.prototype.update = function (j) {
    var label = STAGES[j.stage] || STAGES[j.status] || j.stage || "";
    if (j.status === "queued" && (!j.stage || j.stage === "uploaded")) label = STAGES.queued;
    if (j.stage === "ocr" && j.detail) {
      var m = /(\d+)\s*\/\s*(\d+)/.exec(j.detail);
      label += m ? " — trang " + m[1] + "/" + m[2] : " — " + j.detail;
    } else if (j.detail && j.status === "running") {
      label += " — " + j.detail;
    }
    var p = typeof j.progress === "number" ? j.progress : 0;
    if (p <= 1) p = p * 100;
    this.li.className = "job " + (j.status || "");
    this.li.setAttribute("data-status", j.status || "");
    if (j.status === "done") {
      this.stage.textContent = STAGES.done;
      this.bar.value = 100;
      this.result.textContent = "";
      if (j.document_id) {
        var a = el("a", null, "Xem văn bản");
        a.href = "/van-ban/" + encodeURIComponent(j.document_id);
        this.result.appendChild(a);
      }
    } else if (j.status === "failed") {
      this.stage.textContent = "Không xử lý được";
      this.bar.value = 0;
      this.result.textContent = j.error || "Tệp không đọc được.";
    } else if (j.status === "duplicate") {
      this.stage.textContent = "Văn bản đã có trong kho";
      this.bar.value = 100;
      this.result.textContent = (j.error || "Tệp này đã được lưu trước đây.") + " ";
      if (j.document_id) {
        var d = el("a", null, "Xem văn bản đã lưu");
        d.href = "/van-ban/" + encodeURIComponent(j.document_id);
        this.result.appendChild(d);
      }
    } else {
      this.stage.textContent = label;
      this.bar.value = Math.max(10, Math.min(99, Math.round(p)));
    }
  };
  JobRow.prototype.fail = function (msg) {
    this.li.className = "job failed";
    this.stage.textContent = "Không tải lên được";
    this.bar.value = 0;
    this.result.textContent = msg;
  };

  function poll(row, id) {
    var stopped = false;
    function tick() {
      if (stopped) return;
      fetch("/api/v1/jobs/" + encodeURIComponent(id), { headers: { Accept: "application/json" }, cache: "no-store" })
        .then(function (r) {
          return r.text().then(function (t) { return { ok: r.ok, status: r.status, text: t }; });
        })
        .then(function (res) {
          if (!res.ok) {
            if (res.status === 404) {
              row.fail(apiError(res.text, "Không tìm thấy công việc xử lý tệp này."));
              return;
            }
            setTimeout(tick, POLL_MS * 3);
            return;
          }
          var j = JSON.parse(res.text);
          row.update(j);
          if (!FINAL[j.status]) setTimeout(tick, POLL_MS);
          else announce(row);
        })
        .catch(function () { setTimeout(tick, POLL_MS * 3); });
    }
    tick();
    return function () { stopped = true; };
  }

  function announce(row) {
    var live = document.getElementById("upload-status");
    if (live) live.textContent = row.name.textContent + ": " + row.stage.textContent;
  }

  function uploadOne(file, list) {
    var row = new JobRow(list, file.name);
    return new Promise(function (resolve) {
      var fd = new FormData();
      fd.append("file", file, file.name);
      var xhr = new XMLHttpRequest();
      xhr.open("POST", "/api/v1/documents");
      xhr.setRequestHeader("Accept", "application/json");
      var meta = document.querySelector('meta[name="csrf-token"]');
      if (meta) xhr.setRequestHeader("X-CSRF-Token", meta.getAttribute("content"));
      xhr.upload.onprogress = function (e) {
        if (e.lengthComputable) row.sending(e.loaded / e.total);
      };
      xhr.onload = function () {
        if (xhr.status < 200 || xhr.status >= 300) {
          row.fail(apiError(xhr, "Máy chủ từ chối tệp (mã " + xhr.status + ")."));
          return resolve();
        }
        var j;
        try { j = JSON.parse(xhr.responseText); } catch (e) { j = null; }
        var job = j && j.jobs && j.jobs[0];
        if (!job) {
          row.fail("Máy chủ trả lời không đúng định dạng.");
          return resolve();
        }
        row.li.id = "job-" + job.id;
        row.update({ status: job.status, stage: "uploaded", progress: 0.1, error: job.error, document_id: job.document_id });
        if (!FINAL[job.status]) poll(row, job.id);
        resolve();
      };
      xhr.onerror = function () {
        row.fail("Mất kết nối tới máy chủ khi gửi tệp.");
        resolve();
      };
      xhr.send(fd);
    });
  }

  function uploadAll(files, list) {
    // Two uploads at a time: each file gets its own row and its own job.
    var queue = Array.prototype.slice.call(files);
    var running = 0;
    function next() {
      while (running < 2 && queue.length) {
        running++;
        uploadOne(queue.shift(), list).then(function () { running--; next(); });
      }
    }
    next();
  }

  function initUpload() {
    var form = document.getElementById("upload-form");
    if (!form) return;
    var input = form.querySelector("input[type=file]");
    var zone = document.getElementById("dropzone");
    var list = document.getElementById("job-list");
    var submit = form.querySelector("button[type=submit]");
    if (!input || !zone || !list) return;

    // With JS, choosing files starts the upload at once; a Vietnamese
    // button replaces the browser's own file input.
    if (submit) submit.classList.add("visually-hidden");
    var pick = document.getElementById("file-pick");
    if (pick) {
      input.tabIndex = -1; // one tab stop: the visible button
      pick.addEventListener("click", function () { input.click(); });
    }
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      if (input.files && input.files.length) {
        uploadAll(input.files, list);
        input.value = "";
      }
    });
    input.addEventListener("change", function () {
      if (input.files && input.files.length) {
        uploadAll(input.files, list);
        input.value = "";
      }
    });
    ["dragenter", "dragover"].forEach(function (t) {
      zone.addEventListener(t, function (e) {
        e.preventDefault();
        zone.classList.add("over");
      });
    });
    ["dragleave", "dragend", "drop"].forEach(function (t) {
      zone.addEventListener(t, function (e) {
        e.preventDefault();
        zone.classList.remove("over");
      });
    });
    zone.addEventListener("drop", function (e) {
      var dt = e.dataTransfer;
      if (dt && dt.files && dt.files.length) uploadAll(dt.files, list);
    });
    // Keep a file dropped outside the zone from replacing the page.
    window.addEventListener("dragover", function (e) { e.preventDefault(); });
    window.addEventListener("drop", function (e) { e.preventDefault(); });

    // Rows rendered by the server (no-JS fallback) keep updating too.
    var rows = document.querySelectorAll("[data-job-id]");
    Array.prototype.forEach.call(rows, function (li) {
      if (FINAL[li.getAttribute("data-status")]) return;
      var row = Object.create(JobRow.prototype);
      row.li = li;
      row.name = li.querySelector(".name");
      row.stage = li.querySelector(".stage");
      row.bar = li.querySelector("progress");
      row.result = li.querySelector(".result");
      poll(row, li.getAttribute("data-job-id"));
    });
  }

  // ---- Document page: zoom ------------------------------------------------

  function initZoom() {
    var pages = document.getElementById("pages");
    var tools = document.getElementById("zoom-tools");
    if (!pages || !tools) return;
    var level = 100;
    var out = tools.querySelector("output");
    function apply() {
      var figs = pages.querySelectorAll("figure");
      for (var i = 0; i < figs.length; i++) figs[i].style.width = level + "%";
      if (level > 125) { // sharper page images once zoomed in
        var imgs = pages.querySelectorAll("img[data-hires]");
        for (var k = 0; k < imgs.length; k++) {
          imgs[k].src = imgs[k].getAttribute("data-hires");
          imgs[k].removeAttribute("data-hires");
        }
      }
      if (out) out.textContent = level + "%";
    }
    tools.addEventListener("click", function (e) {
      var b = e.target.closest("button[data-zoom]");
      if (!b) return;
      var z = b.getAttribute("data-zoom");
      if (z === "in") level = Math.min(300, level + 25);
      else if (z === "out") level = Math.max(50, level - 25);
      else level = 100;
      apply();
    });
  }

  // ---- Small conveniences --------------------------------------------------

  function initMisc() {
    // Print buttons.
    Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (b) {
      b.addEventListener("click", function () { window.print(); });
    });
    // Filter selects that submit their form when changed (a button remains for no-JS).
    Array.prototype.forEach.call(document.querySelectorAll("select[data-autosubmit]"), function (s) {
      s.addEventListener("change", function () {
        if (s.form) s.form.submit();
      });
    });
    // Filter panels start closed on phones so that results come first.
    if (window.matchMedia && window.matchMedia("(max-width: 60rem)").matches) {
      Array.prototype.forEach.call(document.querySelectorAll("details[data-collapse-narrow]"), function (d) {
        d.open = false;
      });
    }
    // Ask before forcing a duplicate registration.
    Array.prototype.forEach.call(document.querySelectorAll("[data-confirm]"), function (b) {
      b.addEventListener("click", function (e) {
        if (!window.confirm(b.getAttribute("data-confirm"))) e.preventDefault();
      });
    });
  }

  function init() {
    initUpload();
    initZoom();
    initMisc();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
