/** Who is asking: a signed-in person or a service account behind an API key. */
export interface Caller {
  id: string;
  email: string;
  role: 'admin' | 'member';
  via: 'jwt' | 'api-key';
}

interface OwnedResource {
  ownerId: string;
  isPublic: boolean;
}

/** Owner, admins, and anyone (even anonymous) when the assistant or template is public. */
export function canUserAccess(resource: OwnedResource, caller: Caller | null | undefined): boolean {
  if (resource.isPublic) return true;
  return !!caller && (caller.role === 'admin' || caller.id === resource.ownerId);
}

/** Only the owner and admins change or delete. */
export function canUserEdit(resource: Pick<OwnedResource, 'ownerId'>, caller: Caller | null | undefined): boolean {
  return !!caller && (caller.role === 'admin' || caller.id === resource.ownerId);
}
