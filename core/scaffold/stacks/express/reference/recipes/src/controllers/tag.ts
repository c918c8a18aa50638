/** HTTP ↔ service for tags: permissions, request and response shapes. */
import type { AppContext } from "../context.js";
import { authorize } from "../middleware/auth.js";
import type { Page } from "../models/fields.js";
import type { TagCreate, TagListQuery, TagRead } from "../models/tag.js";
import { CrudService } from "../services/crud.js";
import { TAGS, toTag } from "../services/tag.js";
import type { User } from "../services/user.js";

export class TagController {
  private readonly service: CrudService;

  constructor(context: AppContext) {
    this.service = new CrudService(context.database, TAGS);
  }

  async list(query: TagListQuery): Promise<Page<TagRead>> {
    const { limit, offset, sort, ...filters } = query;
    const { rows, total } = await this.service.list({ filters, sort, limit, offset });
    return { items: rows.map(toTag), total, limit, offset };
  }

  async get(id: number): Promise<TagRead> {
    return toTag(await this.service.get(id));
  }

  async create(payload: TagCreate, user: User): Promise<TagRead> {
    authorize(user, ["admin"]);
    return toTag(await this.service.create({ ...payload, owner_id: user.id }));
  }

  async delete(id: number, user: User): Promise<void> {
    const record = toTag(await this.service.get(id));
    authorize(user, ["admin"], record.owner_id);
    await this.service.delete(id);
  }
}
