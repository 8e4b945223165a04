/** Discord's nested "errors" tree of a 400 Invalid Form Body (code 50035). */
export interface FieldError {
  code: string;
  message: string;
}
export interface FormErrorTree {
  [key: string]: FormErrorTree | FieldError[] | undefined;
  _errors?: FieldError[];
}

/** An error answered as Discord would: HTTP status + JSON `{ message, code, errors? }`. */
export class DiscordError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly errors?: FormErrorTree,
  ) {
    super(message);
    this.name = 'DiscordError';
  }

  toJSON(): { message: string; code: number; errors?: FormErrorTree } {
    return this.errors ? { message: this.message, code: this.code, errors: this.errors } : { message: this.message, code: this.code };
  }
}

export type FormPath = readonly (string | number)[];

/** Collects field errors by path and turns them into one 50035 error. */
export class FormErrors {
  private readonly root: FormErrorTree = {};
  private count = 0;

  add(path: FormPath, code: string, message: string): void {
    let node = this.root;
    for (const key of path) {
      const k = String(key);
      const next = node[k];
      if (next === undefined || Array.isArray(next)) {
        const created: FormErrorTree = {};
        node[k] = created;
        node = created;
      } else {
        node = next;
      }
    }
    (node._errors ??= []).push({ code, message });
    this.count += 1;
  }

  get empty(): boolean {
    return this.count === 0;
  }

  toError(message = 'Invalid Form Body'): DiscordError {
    return new DiscordError(400, 50035, message, this.root);
  }

  throwIfAny(): void {
    if (!this.empty) throw this.toError();
  }
}

/** Discord's JSON error codes used by the emulator. */
export const ErrorCode = {
  General: 0,
  UnknownChannel: 10003,
  UnknownGuild: 10004,
  UnknownMember: 10007,
  UnknownMessage: 10008,
  UnknownRole: 10011,
  UnknownUser: 10013,
  UnknownWebhook: 10015,
  UnknownInteraction: 10062,
  UnknownApplicationCommand: 10063,
  RequestEntityTooLarge: 40005,
  AlreadyCrossposted: 40033,
  InteractionAlreadyAcknowledged: 40060,
  ForumTagRequired: 40067,
  MissingAccess: 50001,
  CannotEditOthersMessage: 50005,
  EmptyMessage: 50006,
  CannotMessageUser: 50007,
  NonTextChannel: 50008,
  MissingPermissions: 50013,
  InvalidChannelType: 50024,
  InvalidWebhookToken: 50027,
  InvalidFormBody: 50035,
  ThreadArchived: 50083,
  InvalidJson: 50109,
  ThreadAlreadyCreated: 160004,
  ThreadLocked: 160005,
} as const;

export const Errors = {
  unauthorized: () => new DiscordError(401, ErrorCode.General, '401: Unauthorized'),
  notFound: () => new DiscordError(404, ErrorCode.General, '404: Not Found'),
  methodNotAllowed: () => new DiscordError(405, ErrorCode.General, '405: Method Not Allowed'),
  unknownChannel: () => new DiscordError(404, ErrorCode.UnknownChannel, 'Unknown Channel'),
  unknownGuild: () => new DiscordError(404, ErrorCode.UnknownGuild, 'Unknown Guild'),
  unknownMember: () => new DiscordError(404, ErrorCode.UnknownMember, 'Unknown Member'),
  unknownMessage: () => new DiscordError(404, ErrorCode.UnknownMessage, 'Unknown Message'),
  unknownRole: () => new DiscordError(404, ErrorCode.UnknownRole, 'Unknown Role'),
  unknownUser: () => new DiscordError(404, ErrorCode.UnknownUser, 'Unknown User'),
  unknownWebhook: () => new DiscordError(404, ErrorCode.UnknownWebhook, 'Unknown Webhook'),
  unknownInteraction: () => new DiscordError(404, ErrorCode.UnknownInteraction, 'Unknown interaction'),
  unknownCommand: () => new DiscordError(404, ErrorCode.UnknownApplicationCommand, 'Unknown application command'),
  alreadyAcknowledged: () =>
    new DiscordError(400, ErrorCode.InteractionAlreadyAcknowledged, 'Interaction has already been acknowledged.'),
  requestTooLarge: () => new DiscordError(413, ErrorCode.RequestEntityTooLarge, 'Request entity too large'),
  alreadyCrossposted: () => new DiscordError(400, ErrorCode.AlreadyCrossposted, 'This message has already been crossposted.'),
  missingAccess: () => new DiscordError(403, ErrorCode.MissingAccess, 'Missing Access'),
  missingPermissions: () => new DiscordError(403, ErrorCode.MissingPermissions, 'Missing Permissions'),
  cannotEditOthers: () =>
    new DiscordError(403, ErrorCode.CannotEditOthersMessage, 'Cannot edit a message authored by another user'),
  emptyMessage: () => new DiscordError(400, ErrorCode.EmptyMessage, 'Cannot send an empty message'),
  cannotMessageUser: () => new DiscordError(403, ErrorCode.CannotMessageUser, 'Cannot send messages to this user'),
  nonTextChannel: () => new DiscordError(400, ErrorCode.NonTextChannel, 'Cannot send messages in a non-text channel'),
  invalidChannelType: () =>
    new DiscordError(400, ErrorCode.InvalidChannelType, 'Cannot execute action on this channel type'),
  invalidWebhookToken: () => new DiscordError(401, ErrorCode.InvalidWebhookToken, 'Invalid Webhook Token'),
  invalidJson: () => new DiscordError(400, ErrorCode.InvalidJson, 'The request body contains invalid JSON.'),
  threadAlreadyCreated: () =>
    new DiscordError(400, ErrorCode.ThreadAlreadyCreated, 'A thread has already been created for this message'),
  threadArchived: () => new DiscordError(400, ErrorCode.ThreadArchived, 'Thread is archived'),
  threadLocked: () => new DiscordError(403, ErrorCode.ThreadLocked, 'Thread is locked'),
  forumTagRequired: () => new DiscordError(400, ErrorCode.ForumTagRequired, 'A tag is required to create a forum post in this channel'),
  invalidForm: (path: FormPath, code: string, message: string): DiscordError => {
    const errors = new FormErrors();
    errors.add(path, code, message);
    return errors.toError();
  },
};
