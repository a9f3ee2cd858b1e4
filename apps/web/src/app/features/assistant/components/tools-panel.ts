import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import {
  BUILTIN_TOOLS,
  DEFAULT_MAX_TOOL_ROUNDS,
  MAX_TOOL_ROUNDS,
  type AssistantToolsView,
  type BuiltinTool,
  type ToolApproval,
  type ToolServerView,
} from '@assistants/common';
import { TranslatePipe, TranslateService } from '@ngx-translate/core';
import { firstValueFrom } from 'rxjs';
import { errorMessage } from '../../../core/api/api-error';
import { AuthService } from '../../../core/auth/auth.service';
import { ToolsService } from '../services/tools.service';
import {
  ALL_TOOLS,
  builtinLink,
  defaultApproval,
  linkKey,
  linksOf,
  parseRounds,
  requestOf,
  serverLink,
  toolRowsOf,
  type ApprovalChoice,
  type ServerRow,
  type ToolLink,
} from '../services/tool-links';
import { ApprovalSelect } from './approval-select';
import { ToolServerCard } from './tool-server-card';
import { ToolServerForm } from './tool-server-form';
import { DialogService } from '../../../shared/dialog/dialog.service';

/**
 * An assistant's tools (for its owner and admins): the MCP servers the person may use, with their
 * status and tools; which tools the assistant may call and whether each asks first; the built-in
 * knowledge search; the rounds per answer. Saved together with one PUT.
 */
@Component({
  selector: 'app-tools-panel',
  imports: [TranslatePipe, ApprovalSelect, ToolServerCard, ToolServerForm],
  templateUrl: './tools-panel.html',
  styleUrl: './panel.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ToolsPanel {
  private readonly tools = inject(ToolsService);
  private readonly translate = inject(TranslateService);
  private readonly dialogs = inject(DialogService);
  private readonly user = inject(AuthService).user;

  readonly assistantId = input.required<string>();
  /** Whose assistant it is: its turns use only servers that person may use. */
  readonly assistantOwnerId = input.required<string>();

  protected readonly maxRounds = MAX_TOOL_ROUNDS;
  protected readonly servers = signal<ToolServerView[] | null>(null);
  protected readonly links = signal<ToolLink[]>([]);
  protected readonly rounds = signal(String(DEFAULT_MAX_TOOL_ROUNDS));
  /** As last loaded or saved: what "unsaved changes" compares with. */
  private readonly stored = signal<{ links: ToolLink[]; rounds: number }>({ links: [], rounds: DEFAULT_MAX_TOOL_ROUNDS });
  /** The defaults the server told for stored links (it knows each tool's hints as a turn will). */
  private readonly serverDefaults = signal<Record<string, ToolApproval>>({});
  protected readonly loading = signal(true);
  protected readonly saving = signal(false);
  protected readonly saved = signal(false);
  protected readonly error = signal<string | null>(null);
  /** Per server id: a refresh or delete on its way, and what went wrong with the last one. */
  protected readonly serverBusy = signal<Record<string, boolean>>({});
  protected readonly serverErrors = signal<Partial<Record<string, string>>>({});
  protected readonly adding = signal(false);

  protected readonly isAdmin = computed(() => this.user()?.role === 'admin');
  protected readonly parsedRounds = computed(() => parseRounds(this.rounds()));
  private readonly request = computed(() => requestOf(this.links(), this.parsedRounds() ?? 0));
  protected readonly dirty = computed(() => JSON.stringify(this.request()) !== JSON.stringify(requestOf(this.stored().links, this.stored().rounds)));
  private readonly byKey = computed(() => new Map(this.links().map((link) => [linkKey(link), link])));

  protected readonly rows = computed<ServerRow[]>(() => {
    const user = this.user();
    return (this.servers() ?? []).map((server) => ({
      server,
      ok: server.status === 'ok',
      canEdit: !!user && (user.role === 'admin' || user.id === server.ownerId),
      ownerMayUse: server.shared || server.ownerId === this.assistantOwnerId(),
      all: this.byKey().get(linkKey(serverLink(server.id, ALL_TOOLS))) ?? null,
      allDefault: this.defaultFor(serverLink(server.id, ALL_TOOLS), server),
      tools: toolRowsOf(server, this.links(), (link) => this.defaultFor(link, server)),
    }));
  });

  protected readonly builtinRows = computed(() =>
    BUILTIN_TOOLS.map((builtin) => {
      const link = builtinLink(builtin);
      return { builtin, link: this.byKey().get(linkKey(link)) ?? null, default: this.defaultFor(link, undefined) };
    }),
  );

  /** Links to servers not in the list (removed, or not visible to this person): kept, and shown so they can be unlinked. */
  protected readonly otherLinks = computed(() => {
    const visible = new Set((this.servers() ?? []).map((s) => s.id));
    return this.links()
      .filter((link) => link.serverId && !visible.has(link.serverId))
      .map((link) => ({ link, label: `${link.server ?? link.serverId}/${link.name}` }));
  });

  constructor() {
    effect(() => {
      const id = this.assistantId();
      untracked(() => void this.load(id));
    });
  }

  protected toggle(serverId: string, name: string, on: boolean): void {
    if (name === ALL_TOOLS && on) {
      // "All tools" replaces the server's single links: one entry, one approval.
      this.links.update((links) => [...links.filter((l) => l.serverId !== serverId), serverLink(serverId, ALL_TOOLS)]);
      this.saved.set(false);
    } else this.setLinked(serverLink(serverId, name), on);
  }

  protected toggleBuiltin(builtin: BuiltinTool, on: boolean): void {
    this.setLinked(builtinLink(builtin), on);
  }

  protected unlink(link: ToolLink): void {
    this.setLinked(link, false);
  }

  protected setApproval(link: ToolLink, approval: ApprovalChoice): void {
    const key = linkKey(link);
    this.links.update((links) => links.map((l) => (linkKey(l) === key ? { ...l, approval } : l)));
    this.saved.set(false);
  }

  protected setRounds(value: string): void {
    this.rounds.set(value);
    this.saved.set(false);
  }

  protected async save(event: Event): Promise<void> {
    event.preventDefault();
    if (this.parsedRounds() === null || this.saving()) return;
    this.saving.set(true);
    this.error.set(null);
    try {
      this.take(await firstValueFrom(this.tools.saveAssistantTools(this.assistantId(), this.request())));
      this.saved.set(true);
    } catch (error) {
      this.error.set(errorMessage(error));
    } finally {
      this.saving.set(false);
    }
  }

  protected async refresh(server: ToolServerView): Promise<void> {
    await this.onServer(server, async () => {
      const refreshed = await firstValueFrom(this.tools.refreshServer(server.id));
      this.servers.update((list) => (list ?? []).map((s) => (s.id === refreshed.id ? refreshed : s)));
    });
  }

  protected async remove(server: ToolServerView): Promise<void> {
    if (
      !(await this.dialogs.confirm({
        title: this.translate.instant('assistantPage.tools.confirmDelete', { name: server.name }) as string,
        confirmLabel: this.translate.instant('dialog.delete') as string,
        danger: true,
      }))
    )
      return;
    await this.onServer(server, async () => {
      await firstValueFrom(this.tools.deleteServer(server.id));
      this.servers.update((list) => (list ?? []).filter((s) => s.id !== server.id));
      // The server's links go with it, stored and unsaved alike.
      const others = (links: ToolLink[]) => links.filter((l) => l.serverId !== server.id);
      this.links.update(others);
      this.stored.update((stored) => ({ ...stored, links: others(stored.links) }));
    });
  }

  protected added(server: ToolServerView): void {
    this.servers.update((list) => [...(list ?? []), server]);
    this.adding.set(false);
  }

  private setLinked(link: ToolLink, on: boolean): void {
    const key = linkKey(link);
    const linked = this.byKey().has(key);
    if (on && !linked) this.links.update((links) => [...links, link]);
    if (!on && linked) this.links.update((links) => links.filter((l) => linkKey(l) !== key));
    this.saved.set(false);
  }

  private defaultFor(link: ToolLink, server: ToolServerView | undefined): ToolApproval {
    return this.serverDefaults()[linkKey(link)] ?? defaultApproval(link, server);
  }

  private take(view: AssistantToolsView): void {
    const links = linksOf(view);
    this.links.set(links);
    this.rounds.set(String(view.maxToolRounds));
    this.stored.set({ links, rounds: view.maxToolRounds });
    this.serverDefaults.set(Object.fromEntries(view.tools.filter((t) => t.approvalIsDefault).map((t) => [linkKey(t), t.approval])));
  }

  private async load(id: string): Promise<void> {
    this.loading.set(true);
    this.error.set(null);
    try {
      const [servers, tools] = await Promise.all([firstValueFrom(this.tools.servers()), firstValueFrom(this.tools.assistantTools(id))]);
      this.servers.set(servers);
      this.take(tools);
    } catch (error) {
      this.error.set(errorMessage(error));
    } finally {
      this.loading.set(false);
    }
  }

  private async onServer(server: ToolServerView, work: () => Promise<void>): Promise<void> {
    this.serverBusy.update((busy) => ({ ...busy, [server.id]: true }));
    this.serverErrors.update(({ [server.id]: _, ...rest }) => rest);
    try {
      await work();
    } catch (error) {
      this.serverErrors.update((errors) => ({ ...errors, [server.id]: errorMessage(error) }));
    } finally {
      this.serverBusy.update(({ [server.id]: _, ...rest }) => rest);
    }
  }
}
