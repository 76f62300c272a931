import { createDemoWorkspace } from './demo-workspace';
import { EngineError } from '../base/errors';
import { workspaceExists } from '../base/workspace/store';
import type { Handlers } from '../base/context';

export const demoHandlers = {
  'workspace.createDemo': async (ctx) => {
    if (ctx.state.session || (await workspaceExists(ctx.deps))) throw new EngineError('WORKSPACE_EXISTS', 'A workspace already exists');
    const users = await createDemoWorkspace(ctx.deps);
    return { users: users.map(({ username, passphrase, roles }) => ({ username, passphrase, roles })) };
  },
} satisfies Partial<Handlers>;
