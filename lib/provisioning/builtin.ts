import { randomBytes } from 'node:crypto';
import { decryptAtRest, encryptAtRest } from '../secrets';
import type { AppInfo, DirectoryContext, DirectoryEvent, LicenceEvent, LifecycleEvent, ProvisionContext, Provisioner } from './types';

/**
 * The default provisioner: creates the tenant inside this app. appInfo.frontEndUrl is the tenant's page
 * (app/t/[tenantId]), the admin password is generated and kept encrypted at rest.
 */
export class BuiltinProvisioner implements Provisioner {
  readonly name = 'builtin';

  constructor(
    private readonly publicUrl: string,
    private readonly encryptionKey: string,
  ) {}

  async provision(ctx: ProvisionContext): Promise<AppInfo> {
    const { instance } = ctx;
    const tenantId = randomBytes(9).toString('base64url');
    const password = generatePassword();
    const name = ctx.order?.buyerInfo?.customerName || `Tenant of ${instance.orderId}`;
    // One tenant per instance, whatever the number of attempts: the unique instance_id decides. The first attempt's
    // insert answers the row; a later attempt reads the one that is there.
    // SQL: ON CONFLICT (instance_id) idempotency, on the pool the provisioner is handed (ProvisionContext.db)
    const inserted = await ctx.db.query<{ id: string; admin_user: string; password_enc: string }>(
      `INSERT INTO tenant (id, instance_id, name, admin_user, password_enc) VALUES ($1, $2, $3, 'admin', $4)
       ON CONFLICT (instance_id) DO NOTHING RETURNING id, admin_user, password_enc`,
      [tenantId, instance.instanceId, name.slice(0, 255), encryptAtRest(this.encryptionKey, password)],
    );
    const { rows } = inserted.rows.length
      ? inserted
      : await ctx.db.query<{ id: string; admin_user: string; password_enc: string }>('SELECT id, admin_user, password_enc FROM tenant WHERE instance_id = $1', [
          instance.instanceId,
        ]);
    const tenant = rows[0]!;
    const url = `${this.publicUrl}/t/${tenant.id}`;
    return {
      frontEndUrl: url,
      userName: tenant.admin_user,
      password: decryptAtRest(this.encryptionKey, tenant.password_enc),
      memo: `Sign in at ${url} with the user name and password above.`,
    };
  }

  /** The tenant's state is the instance's status, which the production interface already changed. */
  async onEvent(_event: LifecycleEvent, _ctx: ProvisionContext): Promise<void> {}

  /** The built-in tenant page reads the directory itself. */
  async onDirectoryEvent(_event: DirectoryEvent, _ctx: DirectoryContext): Promise<void> {}

  /** a licence code's state is in the app itself (licence_code); there is no software of ours to tell */
  async onLicenceEvent(_event: LicenceEvent, _ctx: DirectoryContext): Promise<void> {}
}

/** 16 characters with upper, lower, digit and symbol, as marketplace password rules expect. */
export function generatePassword(): string {
  const sets = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '#@%+=!'];
  const all = sets.join('');
  const bytes = randomBytes(16);
  const chars = Array.from(bytes, (b, i) => (i < sets.length ? sets[i]![b % sets[i]!.length] : all[b % all.length]!));
  // shuffle so the classes are not always in the first four places
  const order = randomBytes(16);
  return chars
    .map((c, i) => ({ c, k: order[i]! }))
    .sort((a, b) => a.k - b.k)
    .map((x) => x.c)
    .join('');
}
