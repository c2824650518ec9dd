import { formatEstimate } from './format.ts';
import { escapeMarkdown } from './html-escape.ts';
import type { ReportCell, ReportSection } from './report-sections.ts';

function cellText(cell: ReportCell): string {
  return typeof cell === 'string' ? escapeMarkdown(cell) : escapeMarkdown(formatEstimate(cell.estimate, cell.unit));
}

/** Keeps `code` spans of our own sentences and escapes everything else. */
function prose(text: string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part) => (part.startsWith('`') && part.endsWith('`') && part.length > 1 ? `\`${part.slice(1, -1).replace(/`/g, '')}\`` : escapeMarkdown(part)))
    .join('');
}

/**
 * Renders report sections as Markdown. All text from the run (agent specs, cell ids, model output) is escaped so it
 * cannot become markup; charts are linked as SVG files beside the report.
 */
export function renderMarkdown(options: { title: string; sections: readonly ReportSection[]; chartFiles: Record<string, string> }): string {
  const lines: string[] = [`# ${escapeMarkdown(options.title)}`, ''];
  for (const section of options.sections) {
    lines.push(`## ${escapeMarkdown(section.title)}`, '');
    for (const block of section.blocks) {
      switch (block.kind) {
        case 'paragraph':
          lines.push(prose(block.text), '');
          break;
        case 'list':
          for (const item of block.items) lines.push(`- ${prose(item)}`);
          lines.push('');
          break;
        case 'chart': {
          const file = options.chartFiles[block.id];
          if (file !== undefined) lines.push(`![${escapeMarkdown(block.title)}](${encodeURI(file)})`, '');
          break;
        }
        case 'example':
          lines.push(`**${escapeMarkdown(block.title)}**`, '', `Evidence: ${escapeMarkdown(block.evidence)}`, '');
          if (block.excerpt !== '') lines.push(`> ${escapeMarkdown(block.excerpt)}`, '');
          break;
        case 'table': {
          if (block.caption !== undefined) lines.push(`**${escapeMarkdown(block.caption)}**`, '');
          if (block.rows.length === 0) {
            lines.push('_No data._', '');
            break;
          }
          lines.push(`| ${block.header.map(escapeMarkdown).join(' | ')} |`, `|${block.header.map(() => ' --- ').join('|')}|`);
          for (const row of block.rows) lines.push(`| ${row.map(cellText).join(' | ')} |`);
          lines.push('');
          if (block.note !== undefined) lines.push(`_${prose(block.note)}_`, '');
        }
      }
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
