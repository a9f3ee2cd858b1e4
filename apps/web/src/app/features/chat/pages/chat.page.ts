import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { Router, RouterLink } from '@angular/router';
import { EXPORT_FORMATS, type ConversationView, type ExportFormat, type MessageView, type TemplateView } from '@assistants/common';
import { TranslatePipe, TranslateService } from '@ngx-translate/core';
import { conversationTitle, isUntitled } from '../../../shared/conversations/conversation-title.pipe';
import { catchError, firstValueFrom, map, of, startWith, switchMap, tap } from 'rxjs';
import { AccessProblemPage, accessProblemOf, type AccessProblem } from '../../../shared/access/access-problem';
import { errorMessage } from '../../../core/api/api-error';
import { AssistantsService } from '../../catalogue/services/assistants.service';
import { AuthService } from '../../../core/auth/auth.service';
import { Composer } from '../components/composer';
import { Attachments } from '../components/attachments';
import { DEFAULT_CHOICE, TemplatePicker, selectionOf, unfilledOf, type TemplateChoice } from '../components/template-picker';
import { TemplatesService } from '../../templates/services/templates.service';
import { KnowledgeUpload } from '../components/knowledge-upload';
import { ConversationList, type ConversationAction } from '../components/conversation-list';
import { MessageList, type ShownMessage } from '../components/message-list';
import { ChatApiService } from '../services/chat-api.service';
import { ChatStore } from '../services/chat-store';
import { ConversationsStore } from '../services/conversations-store';
import { saveResponse } from '../services/download';

/** The chat with one assistant: its conversations on the side, the open one in the middle. */
import { ConversationModel } from '../../models/components/conversation-model';
import { DialogService } from '../../../shared/dialog/dialog.service';
import { SharePanel } from '../../shares/components/share-panel';
@Component({
  selector: 'app-chat-page',
  imports: [
    RouterLink,
    TranslatePipe,
    ConversationList,
    MessageList,
    Composer,
    Attachments,
    KnowledgeUpload,
    TemplatePicker,
    ConversationModel,
    AccessProblemPage,
    SharePanel,
  ],
  templateUrl: './chat.page.html',
  styleUrl: './chat.page.scss',
  providers: [ChatStore, ConversationsStore],
  // Esc stops the answer being written, wherever the focus is.
  host: { '(document:keydown.escape)': 'stopRunning()' },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ChatPage {
  private readonly api = inject(ChatApiService);
  private readonly assistants = inject(AssistantsService);
  private readonly templates = inject(TemplatesService);
  private readonly router = inject(Router);
  private readonly translate = inject(TranslateService);
  private readonly dialogs = inject(DialogService);
  protected readonly store = inject(ChatStore);

  /** Route parameter and the `c` query parameter (the open conversation). */
  readonly assistantId = input.required<string>();
  readonly c = input<string | undefined>();

  protected readonly formats = EXPORT_FORMATS;
  protected readonly showArchived = signal(false);
  protected readonly sidebarOpen = signal(false);
  /** The conversations beside the chat, and their tag filter. */
  protected readonly list = inject(ConversationsStore);
  protected readonly pageError = signal<string | null>(null);
  protected readonly sending = signal(false);
  /** The question being edited (its Edit button, or Up in the empty composer). */
  protected readonly editingId = signal<string | null>(null);

  /** Set when the assistant may not be seen (private to someone else) or does not exist: the page says so instead of a chat. */
  protected readonly accessProblem = signal<AccessProblem | null>(null);
  protected readonly assistant = toSignal(
    toObservable(this.assistantId).pipe(
      switchMap((id) =>
        this.assistants.get(id).pipe(
          tap(() => this.accessProblem.set(null)),
          catchError((error: unknown) => {
            this.accessProblem.set(accessProblemOf(error));
            return of(null);
          }),
        ),
      ),
    ),
    { initialValue: null },
  );
  /** The assistant's linked templates, offered for the next message; null while they load. */
  protected readonly linkedTemplates = toSignal(
    toObservable(this.assistantId).pipe(
      switchMap((id) =>
        this.templates.forAssistant(id).pipe(
          map((list): TemplateView[] | null => list),
          catchError((error: unknown) => {
            this.pageError.set(this.translate.instant('chat.templatePicker.error', { message: errorMessage(error) }) as string);
            return of<TemplateView[]>([]);
          }),
          startWith(null),
        ),
      ),
    ),
    { initialValue: null },
  );
  /** The template picked for the next message; its values are the conversation's (kept by the server), so they stay after sending. */
  protected readonly templateChoice = signal<TemplateChoice>(DEFAULT_CHOICE);
  protected readonly pickerTemplates = computed(() => this.linkedTemplates() ?? []);
  protected readonly defaultTemplateId = computed(() => this.assistant()?.defaultTemplateId ?? null);
  /** Send says why it waits while the chosen template has empty variables (the server would refuse the message). */
  protected readonly sendBlocked = computed(() => {
    const unfilled = unfilledOf(this.templateChoice(), this.pickerTemplates(), this.defaultTemplateId());
    return unfilled.length ? (this.translate.instant('settings.sendBlocked', { count: unfilled.length }) as string) : null;
  });
  private readonly user = inject(AuthService).user;
  /** Owners and admins may add to the knowledge base (the server checks it again). */
  protected readonly canEdit = computed(() => {
    const assistant = this.assistant();
    const user = this.user();
    return !!assistant && !!user && (user.role === 'admin' || assistant.ownerId === user.id);
  });
  protected readonly error = computed(() => this.pageError() ?? this.store.error());
  /** Tool calls wait for the person whose conversation it is (not an admin reading someone else's). */
  protected readonly canDecide = computed(() => {
    const user = this.user();
    return !!user && this.store.conversation()?.userId === user.id;
  });
  protected readonly shown = computed<ShownMessage[]>(() => {
    const typingFor = this.store.typingFor();
    this.store.streams();
    this.store.liveCalls();
    this.store.toolRunning();
    return this.store.messages().map((message) => ({
      message,
      text: this.store.textOf(message),
      typing: message.id === typingFor,
      toolCalls: this.store.toolCallsOf(message),
      callingTool: this.store.callingToolOf(message),
      editing: message.id === this.editingId(),
    }));
  });

  private prefilledFor: string | null = null;

  constructor() {
    effect(() => {
      const assistantId = this.assistantId();
      const archived = this.showArchived();
      this.list.tagFilter();
      untracked(() => void this.loadConversations(assistantId, archived));
    });
    // Another conversation: its kept variable values fill the picker. What was typed before the
    // first message of a new one stays (that conversation was just made to send it).
    effect(() => {
      const id = this.store.conversation()?.id ?? null;
      untracked(() => {
        if (id === this.prefilledFor) return;
        const kept = id ? (this.store.conversation()?.templateVariables ?? {}) : {};
        const typed = this.prefilledFor === null ? this.templateChoice().values : {};
        this.templateChoice.update((choice) => ({ ...choice, values: { ...kept, ...typed } }));
        this.prefilledFor = id;
      });
    });
    effect(() => {
      const id = this.c() ?? null;
      untracked(() => {
        if (id !== this.store.conversationId()) void this.store.open(id);
      });
    });
  }

  protected select(conversation: ConversationView): void {
    this.sidebarOpen.set(false);
    void this.router.navigate([], { queryParams: { c: conversation.id } });
  }

  protected startNew(): void {
    this.sidebarOpen.set(false);
    void this.router.navigate([], { queryParams: {} });
  }

  /** A file attached before the first question opens the conversation it belongs to. */
  protected readonly ensureConversation = async (): Promise<string> => {
    const open = this.store.conversationId();
    if (open) return open;
    const conversation = await firstValueFrom(this.api.createConversation(this.assistantId(), ''));
    this.list.add(conversation);
    await this.store.open(conversation.id, conversation);
    await this.router.navigate([], { queryParams: { c: conversation.id } });
    return conversation.id;
  };

  protected async send(content: string): Promise<void> {
    this.sending.set(true);
    this.pageError.set(null);
    try {
      let conversationId = this.store.conversationId();
      if (!conversationId) {
        const conversation = await firstValueFrom(this.api.createConversation(this.assistantId(), content.slice(0, 80)));
        conversationId = conversation.id;
        this.list.add(conversation);
        await this.store.open(conversationId, conversation);
        await this.router.navigate([], { queryParams: { c: conversationId } });
      }
      await this.store.send(conversationId, content, selectionOf(this.templateChoice(), this.pickerTemplates(), this.defaultTemplateId()));
    } catch (error) {
      this.pageError.set(errorMessage(error));
    } finally {
      this.sending.set(false);
    }
  }

  /** Edit and resend: the edited question replaces the old one as a new version, with the template picked now. */
  protected async resend({ message, content }: { message: MessageView; content: string }): Promise<void> {
    this.editingId.set(null);
    this.pageError.set(null);
    try {
      await this.store.send(message.conversationId, content, selectionOf(this.templateChoice(), this.pickerTemplates(), this.defaultTemplateId()), message.id);
    } catch (error) {
      this.pageError.set(errorMessage(error));
    }
  }

  /** Up in the empty composer: the last question opens for editing. */
  protected editLast(): void {
    if (this.store.running()) return;
    const last = [...this.store.messages()].reverse().find((m) => m.role === 'user');
    if (last) this.editingId.set(last.id);
  }

  protected stopRunning(): void {
    const running = [...this.store.messages()].reverse().find((m) => m.role === 'assistant' && (m.status === 'pending' || m.status === 'streaming'));
    if (running) void this.store.stop(running);
  }

  protected async act({ action, conversation }: { action: ConversationAction; conversation: ConversationView }): Promise<void> {
    this.pageError.set(null);
    try {
      if (action === 'rename') {
        const title = await this.dialogs.prompt({
          title: this.translate.instant('chat.rename') as string,
          label: this.translate.instant('chat.newTitle') as string,
          value: isUntitled(conversation.title) ? '' : conversation.title,
          confirmLabel: this.translate.instant('chat.rename') as string,
        });
        if (!title) return;
        const updated = await firstValueFrom(this.api.updateConversation(conversation.id, { title }));
        this.list.replace(updated);
      } else if (action === 'pin' || action === 'unpin') {
        await firstValueFrom(this.api.updateConversation(conversation.id, { pinned: action === 'pin' }));
        // The server orders the list (pinned first): it is read again.
        await this.loadConversations(conversation.assistantId, this.showArchived());
      } else if (action === 'archive' || action === 'restore') {
        await firstValueFrom(this.api.updateConversation(conversation.id, { status: action === 'archive' ? 'archived' : 'active' }));
        this.removeFromList(conversation);
      } else if (action === 'delete') {
        const title = this.translate.instant('chat.confirmDelete') as string;
        if (
          !(await this.dialogs.confirm({
            title,
            text: conversationTitle(conversation.title, this.translate),
            confirmLabel: this.translate.instant('chat.delete') as string,
            danger: true,
          }))
        )
          return;
        await firstValueFrom(this.api.deleteConversation(conversation.id));
        this.removeFromList(conversation);
      } else {
        const title = this.translate.instant('chat.confirmClear') as string;
        if (
          !(await this.dialogs.confirm({
            title,
            text: conversationTitle(conversation.title, this.translate),
            confirmLabel: this.translate.instant('chat.clear') as string,
            danger: true,
          }))
        )
          return;
        await firstValueFrom(this.api.clearConversation(conversation.id));
        if (conversation.id === this.store.conversationId()) await this.store.reload();
      }
    } catch (error) {
      this.pageError.set(errorMessage(error));
    }
  }

  /** For the tag editor, which shows a failure itself (by the field, in the person's words). */
  protected readonly saveTags = (conversation: ConversationView, tags: string[]) => this.list.setTags(conversation, tags);

  /** The export picker downloads the chosen format, then shows its prompt again. */
  protected async exportAs(select: HTMLSelectElement): Promise<void> {
    const format = select.value;
    select.value = '';
    const conversationId = this.store.conversationId();
    if (!conversationId || !format) return;
    try {
      const response = await firstValueFrom(this.api.export(conversationId, format as ExportFormat));
      saveResponse(response, `conversation.${format}`);
    } catch (error) {
      this.pageError.set(errorMessage(error));
    }
  }

  private removeFromList(conversation: ConversationView): void {
    this.list.remove(conversation.id);
    if (conversation.id === this.store.conversationId()) this.startNew();
  }

  private loadConversations(assistantId: string, archived: boolean): Promise<void> {
    return this.list.load(assistantId, archived).catch((error: unknown) => this.pageError.set(errorMessage(error)));
  }
}
