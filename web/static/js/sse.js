// Server-sent events read from a fetch() body, as the HTML standard defines the format
// (any of CRLF, LF or CR ends a line; "data" lines join with "\n"; ":" lines are comments).
// EventSource cannot send an Authorization header or a POST body, hence this parser.

export class SSEParser {
  #buffer = "";
  #event = "";
  #data = [];

  // Feed decoded text; returns the events it completes as {event, data} (data JSON-parsed).
  push(text) {
    const out = [];
    const buffer = this.#buffer + text;
    let start = 0;
    for (let i = 0; i < buffer.length; i++) {
      const c = buffer[i];
      if (c !== "\n" && c !== "\r") continue;
      if (c === "\r" && i + 1 === buffer.length) break; // maybe the first half of CRLF
      this.#line(buffer.slice(start, i), out);
      if (c === "\r" && buffer[i + 1] === "\n") i++;
      start = i + 1;
    }
    this.#buffer = buffer.slice(start);
    return out;
  }

  // The stream ended: finish the last line and any event still open.
  end() {
    const out = [];
    const rest = this.#buffer.replace(/\r$/, "");
    this.#buffer = "";
    if (rest) this.#line(rest, out);
    this.#line("", out);
    return out;
  }

  #line(line, out) {
    if (line === "") {
      if (this.#data.length) out.push(this.#dispatch());
      this.#event = "";
      return;
    }
    if (line.startsWith(":")) return;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") this.#event = value;
    else if (field === "data") this.#data.push(value);
  }

  #dispatch() {
    const raw = this.#data.join("\n");
    const event = this.#event || "message";
    this.#data = [];
    this.#event = "";
    let data = raw;
    try {
      data = JSON.parse(raw);
    } catch {
      // not JSON: hand the text over as it is
    }
    return { event, data };
  }
}

// Every event of an SSE response, in order, as soon as its bytes arrive.
export async function* readEvents(response) {
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const parser = new SSEParser();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      yield* parser.push(value);
    }
    yield* parser.end();
  } finally {
    reader.cancel().catch(() => {});
  }
}
