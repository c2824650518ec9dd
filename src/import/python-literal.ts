/**
 * Parses a Python literal as the paper's code wrote them with `str()` (`{'ip': '10.0.12.45', 'ok': True}`,
 * `['a.csv', 'b.xlsx']`, `None`), or JSON. Returns `undefined` when the text is neither; never evaluates anything.
 */
export function parsePythonLiteral(text: string): unknown {
  const trimmed = text.trim();
  try {
    return JSON.parse(trimmed);
  } catch {
    // Not JSON: try the Python form below.
  }
  const parser = new LiteralParser(trimmed);
  try {
    const value = parser.value();
    parser.skipSpace();
    return parser.atEnd() ? value : undefined;
  } catch {
    return undefined;
  }
}

const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' };

class LiteralParser {
  private position = 0;
  private readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  atEnd(): boolean {
    return this.position >= this.text.length;
  }

  skipSpace(): void {
    while (!this.atEnd() && /\s/.test(this.text[this.position])) this.position += 1;
  }

  private expect(character: string): void {
    this.skipSpace();
    if (this.text[this.position] !== character) throw new Error(`expected ${character}`);
    this.position += 1;
  }

  private peek(): string {
    this.skipSpace();
    return this.text[this.position] ?? '';
  }

  value(): unknown {
    const next = this.peek();
    if (next === '{') return this.dict();
    if (next === '[' || next === '(') return this.list(next === '[' ? ']' : ')');
    if (next === "'" || next === '"') return this.string();
    const word = /^(True|False|None|-?\d+(\.\d+)?([eE][-+]?\d+)?)/.exec(this.text.slice(this.position));
    if (word === null) throw new Error('unexpected token');
    this.position += word[0].length;
    if (word[0] === 'True') return true;
    if (word[0] === 'False') return false;
    if (word[0] === 'None') return null;
    return Number(word[0]);
  }

  private string(): string {
    const quote = this.text[this.position];
    this.position += 1;
    let result = '';
    while (!this.atEnd()) {
      const character = this.text[this.position];
      this.position += 1;
      if (character === quote) return result;
      if (character === '\\') {
        const escaped = this.text[this.position];
        this.position += 1;
        result += escapes[escaped] ?? `\\${escaped}`;
      } else {
        result += character;
      }
    }
    throw new Error('unterminated string');
  }

  private list(close: string): unknown[] {
    this.position += 1;
    const items: unknown[] = [];
    while (this.peek() !== close) {
      items.push(this.value());
      if (this.peek() === ',') this.position += 1;
      else if (this.peek() !== close) throw new Error('expected , or end of list');
    }
    this.position += 1;
    return items;
  }

  private dict(): Record<string, unknown> {
    this.position += 1;
    const result: Record<string, unknown> = {};
    while (this.peek() !== '}') {
      const key = this.value();
      this.expect(':');
      result[String(key)] = this.value();
      if (this.peek() === ',') this.position += 1;
      else if (this.peek() !== '}') throw new Error('expected , or end of dict');
    }
    this.position += 1;
    return result;
  }
}
