import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import type { CreateToolServerRequest, ToolServerView, ToolTransport } from '@assistants/common';
import { TranslatePipe } from '@ngx-translate/core';
import { firstValueFrom } from 'rxjs';
import { FormProblems } from '../../../shared/forms/field-errors';
import { ToolsService } from '../services/tools.service';
import { KeyValueRows, recordOf, type KeyValueRow } from './key-value-rows';

/** The body for the form's fields: only the chosen transport's, empty rows and lines left out. */
export function createRequestOf(fields: {
  name: string;
  transport: ToolTransport;
  url: string;
  headers: KeyValueRow[];
  command: string;
  args: string;
  env: KeyValueRow[];
  shared: boolean;
}): CreateToolServerRequest {
  const shared = fields.shared ? { shared: true } : {};
  if (fields.transport === 'http') return { name: fields.name.trim(), transport: 'http', url: fields.url.trim(), headers: recordOf(fields.headers), ...shared };
  const args = fields.args.split('\n').filter((line) => line.trim() !== '');
  return { name: fields.name.trim(), transport: 'stdio', command: fields.command.trim(), args, env: recordOf(fields.env), ...shared };
}

/** Adds an MCP server: over HTTP (URL and headers), or for admins a command run on this server (stdio). */
@Component({
  selector: 'app-tool-server-form',
  imports: [TranslatePipe, KeyValueRows],
  templateUrl: './tool-server-form.html',
  styleUrl: './tool-server-form.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ToolServerForm {
  private readonly tools = inject(ToolsService);
  /** Admins may add stdio servers and share servers with every member. */
  readonly isAdmin = input(false);
  readonly created = output<ToolServerView>();
  readonly cancelled = output<void>();

  protected readonly name = signal('');
  protected readonly transport = signal<ToolTransport>('http');
  protected readonly url = signal('');
  protected readonly headers = signal<KeyValueRow[]>([]);
  protected readonly command = signal('');
  protected readonly args = signal('');
  protected readonly env = signal<KeyValueRow[]>([]);
  protected readonly shared = signal(false);
  protected readonly busy = signal(false);
  /** The server's reasons under their fields; the rest (a 403 for stdio, say) as one line. */
  protected readonly problems = new FormProblems(['name', 'transport', 'url', 'headers', 'command', 'args', 'env', 'shared']);

  /** The field's new value, and its message goes. */
  protected edit(field: 'name' | 'url' | 'command' | 'args', value: string): void {
    this[field].set(value);
    this.problems.edited(field);
  }

  protected async submit(event: Event): Promise<void> {
    event.preventDefault();
    if (this.busy()) return;
    this.busy.set(true);
    this.problems.clear();
    try {
      const request = createRequestOf({
        name: this.name(),
        transport: this.isAdmin() ? this.transport() : 'http',
        url: this.url(),
        headers: this.headers(),
        command: this.command(),
        args: this.args(),
        env: this.env(),
        shared: this.isAdmin() && this.shared(),
      });
      this.created.emit(await firstValueFrom(this.tools.createServer(request)));
    } catch (error) {
      // A 403 for stdio (not an admin, or turned off here) carries its reason in the problem's detail.
      this.problems.show(error);
    } finally {
      this.busy.set(false);
    }
  }
}
