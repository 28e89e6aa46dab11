import type { PropertyType } from '../domain/contact.ts';
import type { Queryable } from './database.ts';
import type { ObjectType } from './record-tables.ts';

/** A workspace-defined field: custom properties live in each record's jsonb `properties`. */
export type PropertyDefinition = {
  objectType: ObjectType;
  name: string;
  type: PropertyType;
  label: string;
  options: string[];
  protected: boolean;
};

type Row = { object_type: ObjectType; name: string; type: PropertyType; label: string; options: string[]; protected: boolean };

const fromRow = (r: Row): PropertyDefinition => ({
  objectType: r.object_type,
  name: r.name,
  type: r.type,
  label: r.label,
  options: r.options,
  protected: r.protected,
});

export const listPropertyDefinitions = async (q: Queryable, workspaceId: string, objectType: ObjectType): Promise<PropertyDefinition[]> =>
  (
    await q.query<Row>('SELECT * FROM property_definitions WHERE workspace_id = $1 AND object_type = $2 ORDER BY name', [
      workspaceId,
      objectType,
    ])
  ).map(fromRow);

export const insertPropertyDefinition = async (q: Queryable, workspaceId: string, def: PropertyDefinition): Promise<void> => {
  await q.query(
    'INSERT INTO property_definitions (workspace_id, object_type, name, type, label, options, protected) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [workspaceId, def.objectType, def.name, def.type, def.label, JSON.stringify(def.options), def.protected],
  );
};

export const deletePropertyDefinition = async (q: Queryable, workspaceId: string, objectType: ObjectType, name: string): Promise<boolean> =>
  (
    await q.query('DELETE FROM property_definitions WHERE workspace_id = $1 AND object_type = $2 AND name = $3 RETURNING name', [
      workspaceId,
      objectType,
      name,
    ])
  ).length > 0;

/** The declared type of each custom property, as the filter compilers take it (`customTypes`). */
export const propertyTypes = async (q: Queryable, workspaceId: string, objectType: ObjectType): Promise<Record<string, PropertyType>> =>
  Object.fromEntries((await listPropertyDefinitions(q, workspaceId, objectType)).map((d) => [d.name, d.type]));
