import { DynamicModule, Type } from '@nestjs/common';
import { MODULE_METADATA } from '@nestjs/common/constants';
import { accessRuleOf } from './bus-access.guard';
import { AccessRule } from './access-rule';
import { HANDLED_PATTERN } from '../bus/message-decorators';

export interface HandlerAccess {
  subject: string;
  handler: string;
  /** undefined: the handler declares nothing (the guard refuses every message to it). */
  rule: AccessRule | undefined;
}

type ModuleRef = Type<unknown> | DynamicModule | Promise<DynamicModule>;

/**
 * Every bus handler reachable from a module, with its declared rule: read from the
 * decorators alone, without starting anything. Services check it at start (no handler
 * may lack a rule) and tests generate their refusal cases from it.
 */
export function accessTableOf(root: Type<unknown> | DynamicModule): HandlerAccess[] {
  const table: HandlerAccess[] = [];
  const seenModules = new Set<unknown>();
  const seenControllers = new Set<unknown>();
  const visit = (ref: ModuleRef | undefined) => {
    if (!ref || ref instanceof Promise || seenModules.has(ref)) return;
    seenModules.add(ref);
    const dynamic = 'module' in ref ? ref : undefined;
    const cls = (dynamic ? dynamic.module : ref) as Type<unknown>;
    const controllers = [
      ...((Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, cls) as Type<unknown>[] | undefined) ?? []),
      ...(dynamic?.controllers ?? []),
    ];
    for (const controller of controllers) {
      if (seenControllers.has(controller)) continue;
      seenControllers.add(controller);
      table.push(...handlersOf(controller));
    }
    const imports = [
      ...((Reflect.getMetadata(MODULE_METADATA.IMPORTS, cls) as ModuleRef[] | undefined) ?? []),
      ...((dynamic?.imports ?? []) as ModuleRef[]),
    ];
    for (const imported of imports) visit(imported);
  };
  visit(root);
  return table.sort((a, b) => a.subject.localeCompare(b.subject));
}

function handlersOf(controller: Type<unknown>): HandlerAccess[] {
  const proto = controller.prototype as Record<string, unknown>;
  return Object.getOwnPropertyNames(proto).flatMap((name) => {
    const method = proto[name];
    if (typeof method !== 'function') return [];
    const subject = Reflect.getMetadata(HANDLED_PATTERN, method) as string | undefined;
    if (!subject) return [];
    return [{ subject, handler: `${controller.name}.${name}`, rule: accessRuleOf(method) }];
  });
}

/** Refuses to start a service with a handler that declares no access rule. */
export function assertEveryHandlerDeclaresAccess(root: Type<unknown> | DynamicModule): void {
  const undeclared = accessTableOf(root).filter((entry) => !entry.rule);
  if (undeclared.length) {
    throw new Error(
      `bus handlers without @Access: ${undeclared.map((entry) => `${entry.handler} (${entry.subject})`).join(', ')}`,
    );
  }
}
