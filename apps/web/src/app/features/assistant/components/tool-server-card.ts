import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { TranslatePipe } from '@ngx-translate/core';
import { LanguageService } from '../../../core/i18n/language.service';
import { ALL_TOOLS, type ApprovalChoice, type ServerRow, type ToolLink } from '../services/tool-links';
import { ApprovalSelect } from './approval-select';

let nextId = 0;

/** One MCP server in the Tools section: where it is, its status, its tools with their hints, and the assistant's links to them. */
@Component({
  selector: 'app-tool-server-card',
  imports: [TranslatePipe, ApprovalSelect],
  templateUrl: './tool-server-card.html',
  styleUrl: './tool-server-card.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ToolServerCard {
  private readonly language = inject(LanguageService);
  readonly row = input.required<ServerRow>();
  /** A refresh or delete of it is on its way. */
  readonly busy = input(false);
  readonly error = input<string | null>(null);
  /** A tool (or "*": all of them) linked or unlinked. */
  readonly toggled = output<{ name: string; on: boolean }>();
  readonly approvalChanged = output<{ link: ToolLink; approval: ApprovalChoice }>();
  readonly refreshed = output<void>();
  readonly removed = output<void>();

  protected readonly all = ALL_TOOLS;
  protected readonly id = `tool-server-${++nextId}`;
  /** Where it is: the URL, or the command with its arguments. */
  protected readonly where = computed(() => {
    const server = this.row().server;
    return server.transport === 'http' ? (server.url ?? '') : [server.command ?? '', ...server.args].join(' ');
  });
  /** Header or variable names; their values are never sent back. */
  protected readonly secretNames = computed(() => {
    const server = this.row().server;
    return Object.keys(server.transport === 'http' ? server.headers : server.env).join(', ');
  });
  protected readonly refreshedAt = computed(() => {
    const at = this.row().server.refreshedAt;
    return at ? new Date(at).toLocaleString(this.language.current(), { dateStyle: 'short', timeStyle: 'short' }) : null;
  });
}
