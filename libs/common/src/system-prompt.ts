export const ASSISTANT_TYPES = ['support', 'qa', 'analyzer', 'custom'] as const;
export type AssistantType = (typeof ASSISTANT_TYPES)[number];

export const DEFAULT_SYSTEM_PROMPTS: Record<AssistantType, string> = {
  support:
    'You are a courteous customer support assistant. Answer from the company knowledge base, give clear step-by-step help, and say when you do not know so the user can reach a person.',
  qa: 'You are a precise question-answering assistant. Answer only from the provided context passages, cite them as [1], [2], and say plainly when the context does not contain the answer.',
  analyzer:
    'You are an analytical assistant. Examine the provided documents and data carefully, structure your findings, state assumptions, and support conclusions with citations to the passages.',
  custom: 'You are a helpful assistant. Answer accurately and concisely, and cite the provided context passages when you use them.',
};

/** The assistant's own prompt, or the default for its type when it has none. */
export function getSystemPrompt(assistant: { systemPrompt?: string | null; assistantType: AssistantType }): string {
  const own = assistant.systemPrompt?.trim();
  return own ? own : DEFAULT_SYSTEM_PROMPTS[assistant.assistantType];
}
