import { ChangeDetectionStrategy, Component, ElementRef, afterRenderEffect, input, output, viewChild } from '@angular/core';
import type { MessageView, ToolCallView } from '@assistants/common';
import { TranslatePipe } from '@ngx-translate/core';
import { MessageItem } from './message-item';

/** How close to the bottom (px) still counts as "at the bottom" for autoscroll. */
const STICK_PX = 48;

export interface ShownMessage {
  message: MessageView;
  text: string;
  typing: boolean;
  toolCalls: ToolCallView[];
  callingTool: string | null;
  /** The question being edited. */
  editing?: boolean;
}

/** The messages; follows the stream to the bottom unless the person has scrolled up to read. */
@Component({
  selector: 'app-message-list',
  imports: [MessageItem, TranslatePipe],
  template: `
    <div class="scroller" #scroller (scroll)="onScroll()">
      @for (item of items(); track item.message.id) {
        <app-message-item [message]="item.message" [text]="item.text" [typing]="item.typing"
                          [toolCalls]="item.toolCalls" [callingTool]="item.callingTool" [canDecide]="canDecide()"
                          (stopped)="stopped.emit($event)" (retried)="retried.emit($event)" (rated)="rated.emit($event)"
                          (toolCallChanged)="toolCallChanged.emit($event)" (toolCallsStale)="toolCallsStale.emit()"
                          [editing]="!!item.editing" [canBranch]="canBranch()" (regenerated)="regenerated.emit($event)"
                          (editStarted)="editStarted.emit($event)" (editCancelled)="editCancelled.emit()" (edited)="edited.emit($event)"
                          (versionChosen)="versionChosen.emit($event)" />
      } @empty {
        <p class="muted empty">{{ 'chat.noConversation' | translate }}</p>
      }
    </div>
  `,
  styles: `
    :host { display: flex; flex-direction: column; min-height: 0; flex: 1; }
    .scroller { flex: 1; overflow-y: auto; display: flex; flex-direction: column; gap: .75rem; padding: 1rem; }
    .empty { text-align: center; margin-top: 3rem; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MessageList {
  readonly items = input.required<ShownMessage[]>();
  /** The signed-in person's own conversation: they approve or reject its tool calls. */
  readonly canDecide = input(false);
  readonly toolCallChanged = output<ToolCallView>();
  readonly toolCallsStale = output<void>();
  readonly stopped = output<MessageView>();
  readonly retried = output<MessageView>();
  readonly rated = output<{ message: MessageView; rating: number; comment?: string }>();
  /** Regenerate, edit and versions are offered (not while an answer is being written). */
  readonly canBranch = input(true);
  readonly regenerated = output<MessageView>();
  readonly editStarted = output<MessageView>();
  readonly editCancelled = output<void>();
  readonly edited = output<{ message: MessageView; content: string }>();
  readonly versionChosen = output<string>();
  private readonly scroller = viewChild.required<ElementRef<HTMLElement>>('scroller');
  private stick = true;

  constructor() {
    afterRenderEffect(() => {
      this.items();
      const element = this.scroller().nativeElement;
      if (this.stick) element.scrollTop = element.scrollHeight;
    });
  }

  protected onScroll(): void {
    const element = this.scroller().nativeElement;
    this.stick = element.scrollHeight - element.scrollTop - element.clientHeight < STICK_PX;
  }
}
