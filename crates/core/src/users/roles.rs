//! Roles: the five built-in ones, and custom roles a shop makes from permissions. Which
//! roles must use two-step sign-in is a company rule set by the owner.
//!
//! Nobody hands out what they do not hold: a non-owner may only create, change or assign a
//! role whose permissions are all their own, and `security.manage` stays with owners.

use autosurgeon::{Hydrate, Reconcile};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::model::{Actor, Company, Permission, Role, UserRecord};
use super::store;
use crate::kernel::command::{command, Command, Cx, Done, Summary};
use crate::kernel::error::{Error, Reason, Result};
use crate::kernel::ids::RoleId;
use crate::kernel::store::docs::{project_doc, Projection, Record};
use crate::kernel::validate;

pub const ROLE_NAME_CHARS_MAX: usize = 60;
pub const ROLE_DESCRIPTION_CHARS_MAX: usize = 500;

#[derive(Debug, Clone, PartialEq, Reconcile, Hydrate)]
pub struct RoleRecord {
    pub id: RoleId,
    pub name: String,
    pub description: String,
    /// Permission names (see [`Permission::GRANTABLE`]).
    pub permissions: Vec<String>,
    pub created_at_ms: i64,
    /// Deleted roles stay as documents (sync sees the deletion) but leave the projection.
    pub deleted: bool,
}

impl RoleRecord {
    /// The permissions this role grants (names this version does not know grant nothing).
    fn granted(&self) -> Vec<Permission> {
        self.permissions
            .iter()
            .filter_map(|n| Permission::parse(n))
            .collect()
    }
}

impl Record for RoleRecord {
    const KIND: &'static str = "role";
    type Id = crate::kernel::ids::RoleId;
    fn id(&self) -> Self::Id {
        self.id
    }
    fn project(&self, conn: &Connection) -> Result<()> {
        if self.deleted {
            conn.execute("DELETE FROM roles WHERE id = ?1", [self.id])?;
            return Ok(());
        }
        let permissions =
            serde_json::to_string(&self.permissions).map_err(|e| Error::internal(e.to_string()))?;
        conn.execute(
            "INSERT INTO roles (id, name, description, permissions, created_at_ms)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (id) DO UPDATE SET name = excluded.name,
                 description = excluded.description, permissions = excluded.permissions",
            params![
                self.id,
                self.name,
                self.description,
                permissions,
                self.created_at_ms
            ],
        )?;
        Ok(())
    }
}

pub fn projection() -> Projection {
    Projection {
        kind: "role",
        tables: &["roles"],
        project: project_doc::<RoleRecord>,
        settle: None,
    }
}

/// A role as callers see it, built-in or custom.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct RoleInfo {
    /// The built-in role's name (`owner`, …) or the custom role's id.
    pub key: String,
    pub name: String,
    pub description: String,
    pub built_in: bool,
    pub permissions: Vec<String>,
    /// Its users must use two-step sign-in.
    pub mfa_required: bool,
    /// Active and disabled users holding it.
    #[ts(type = "number")]
    pub users: u64,
}

/// Whether a custom role may hold `permission`: security.manage (the keys to the company file)
/// stays with owners.
fn for_custom_roles(permission: Permission) -> bool {
    permission != Permission::SecurityManage
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PermissionInfo {
    pub permission: String,
    pub description: String,
    /// A custom role may hold it (security.manage stays with owners).
    pub custom_roles: bool,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct RoleInput {
    pub name: String,
    #[serde(default)]
    #[ts(optional)]
    pub description: Option<String>,
    pub permissions: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct RolePatch {
    pub id: RoleId,
    #[serde(default)]
    #[ts(optional)]
    pub name: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub description: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub permissions: Option<Vec<String>>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct RoleRef {
    pub id: RoleId,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct MfaRule {
    /// A built-in role's name or a custom role's id.
    pub role: String,
    pub required: bool,
}

pub fn commands() -> Vec<Command> {
    use Permission::*;
    vec![
        command(
            "users.permissions.list",
            UsersRead,
            false,
            "Every permission a role can hold, with what it allows",
            permissions_list,
        ),
        command(
            "users.roles.list",
            UsersRead,
            false,
            "Built-in and custom roles with their permissions and sign-in rules",
            roles_list,
        ),
        command(
            "users.roles.create",
            UsersManage,
            true,
            "Make a custom role from permissions",
            role_create,
        ),
        command(
            "users.roles.update",
            UsersManage,
            true,
            "Rename a custom role or change its permissions",
            role_update,
        ),
        command(
            "users.roles.delete",
            UsersManage,
            true,
            "Delete a custom role nobody holds",
            role_delete,
        ),
        command(
            "users.roles.mfa",
            SecurityManage,
            true,
            "Require (or stop requiring) two-step sign-in for a role",
            role_mfa,
        ),
    ]
}

/// What `user` may do: the custom role's permissions if it has one, else its built-in role's.
pub fn effective_permissions(conn: &Connection, user: &UserRecord) -> Result<Vec<Permission>> {
    let Some(role) = user.custom_role else {
        return Ok(user.role.permissions());
    };
    // A role deleted on another device while this user still held it grants nothing.
    Ok(custom_permissions(conn, role)?.unwrap_or_default())
}

fn custom_permissions(conn: &Connection, id: RoleId) -> Result<Option<Vec<Permission>>> {
    let text: Option<String> = conn
        .query_row("SELECT permissions FROM roles WHERE id = ?1", [id], |row| {
            row.get(0)
        })
        .optional()?;
    let Some(text) = text else { return Ok(None) };
    let names: Vec<String> =
        serde_json::from_str(&text).map_err(|e| Error::internal(e.to_string()))?;
    Ok(Some(
        names.iter().filter_map(|n| Permission::parse(n)).collect(),
    ))
}

pub fn actor_of(conn: &Connection, user: &UserRecord) -> Result<Actor> {
    Ok(Actor {
        user_id: user.id,
        name: user.name.clone(),
        role: user.role,
        permissions: effective_permissions(conn, user)?,
    })
}

pub fn names(permissions: &[Permission]) -> Vec<String> {
    permissions.iter().map(|p| p.as_str().to_string()).collect()
}

/// The role key a user holds, as `users.roles.mfa` names it.
pub fn role_key(user: &UserRecord) -> String {
    match user.custom_role {
        Some(id) => id.to_string(),
        None => user.role.as_str().to_string(),
    }
}

/// A role key in Chinese words, for the activity log: a built-in role by the name the app gives
/// it, a custom role by its key.
pub fn role_zh(key: &str) -> &str {
    match key {
        "owner" => "店主",
        "manager" => "经理",
        "accountant" => "会计",
        "cashier" => "收银员",
        "staff" => "店员",
        other => other,
    }
}

/// Does the company require two-step sign-in of this user's role?
pub fn mfa_required(conn: &Connection, user: &UserRecord) -> Result<bool> {
    Ok(company(conn)?
        .map(|c| c.mfa_required_roles.contains(&role_key(user)))
        .unwrap_or(false))
}

fn company(conn: &Connection) -> Result<Option<Company>> {
    let Some((id, _)) = store::company(conn)? else {
        return Ok(None);
    };
    let bytes: Vec<u8> =
        conn.query_row("SELECT bytes FROM documents WHERE id = ?1", [&id], |row| {
            row.get(0)
        })?;
    Ok(Some(crate::kernel::store::docs::hydrate_bytes::<Company>(
        &bytes,
    )?))
}

/// Refuses to hand out permissions the acting user does not hold (owners hold them all).
pub fn check_may_grant(actor: &Actor, permissions: &[Permission]) -> Result<()> {
    if actor.role == Role::Owner {
        return Ok(());
    }
    if let Some(missing) = permissions.iter().find(|p| !actor.permissions.contains(p)) {
        return Err(Error::forbidden(
            format!(
                "{} may not hand out {}, which they do not hold",
                actor.name,
                missing.as_str()
            ),
            format!("{} 不能授予自己没有的权限 {}", actor.name, missing.as_str()),
        ));
    }
    Ok(())
}

/// The permissions of the role a user is being given.
pub fn permissions_of_assignment(
    conn: &Connection,
    role: Role,
    custom: Option<RoleId>,
) -> Result<Vec<Permission>> {
    match custom {
        None => Ok(role.permissions()),
        Some(id) => {
            if role != Role::Staff {
                return Err(Error::invalid(
                    "role",
                    Reason::InvalidValue,
                    "a user with a custom role has the built-in role staff",
                ));
            }
            custom_permissions(conn, id)?.ok_or_else(|| Error {
                field: Some("custom_role_id".into()),
                ..Error::not_found("role", id)
            })
        }
    }
}

fn parse_permissions(names: &[String]) -> Result<Vec<Permission>> {
    let mut out = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let field = format!("permissions[{i}]");
        let permission = Permission::parse(name).ok_or_else(|| {
            Error::invalid(
                &field,
                Reason::InvalidValue,
                format!("{field}: unknown permission '{name}'; users.permissions.list names them"),
            )
        })?;
        if !for_custom_roles(permission) {
            return Err(Error::invalid(
                &field,
                Reason::InvalidValue,
                "security.manage belongs to owners only and cannot be part of a custom role",
            ));
        }
        if !out.contains(&permission) {
            out.push(permission);
        }
    }
    // Stored in the table's order, so equal sets compare equal.
    out.sort_by_key(|p| Permission::GRANTABLE.iter().position(|g| g == p));
    Ok(out)
}

fn check_name_free(conn: &Connection, name: &str, except: Option<RoleId>) -> Result<()> {
    let taken_by_built_in = Role::ALL
        .iter()
        .any(|r| r.as_str().eq_ignore_ascii_case(name));
    let taken: Option<String> = conn
        .query_row(
            "SELECT id FROM roles WHERE name = ?1 COLLATE NOCASE AND id IS NOT ?2",
            params![name, except],
            |row| row.get(0),
        )
        .optional()?;
    if taken_by_built_in || taken.is_some() {
        return Err(Error {
            field: Some("name".into()),
            ..Error::conflict(
                format!("a role named {name} exists already"),
                format!("已有名为 {name} 的角色"),
            )
        });
    }
    Ok(())
}

fn users_holding(conn: &Connection, key: &str) -> Result<u64> {
    let count: i64 = conn.query_row(
        "SELECT count(*) FROM users
         WHERE (custom_role_id IS NULL AND role = ?1) OR custom_role_id = ?1",
        [key],
        |row| row.get(0),
    )?;
    Ok(count as u64)
}

fn permissions_list(
    _: &mut Cx<'_>,
    _: crate::kernel::command::Empty,
) -> Result<Vec<PermissionInfo>> {
    Ok(Permission::GRANTABLE
        .into_iter()
        .map(|p| PermissionInfo {
            permission: p.as_str().to_string(),
            description: p.describe().to_string(),
            custom_roles: for_custom_roles(p),
        })
        .collect())
}

fn roles_list(cx: &mut Cx<'_>, _: crate::kernel::command::Empty) -> Result<Vec<RoleInfo>> {
    let mfa = company(cx.conn)?
        .map(|c| c.mfa_required_roles)
        .unwrap_or_default();
    let mut out = Vec::new();
    for role in Role::ALL {
        let key = role.as_str().to_string();
        out.push(RoleInfo {
            name: key.clone(),
            description: String::new(),
            built_in: true,
            permissions: names(&role.permissions()),
            mfa_required: mfa.contains(&key),
            users: users_holding(cx.conn, &key)?,
            key,
        });
    }
    let mut stmt = cx.conn.prepare(
        "SELECT id, name, description, permissions FROM roles ORDER BY name COLLATE NOCASE",
    )?;
    let rows = stmt
        .query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (key, name, description, permissions) in rows {
        out.push(RoleInfo {
            permissions: serde_json::from_str(&permissions)
                .map_err(|e| Error::internal(e.to_string()))?,
            mfa_required: mfa.contains(&key),
            users: users_holding(cx.conn, &key)?,
            name,
            description,
            built_in: false,
            key,
        });
    }
    Ok(out)
}

fn info(cx: &mut Cx<'_>, role: &RoleRecord) -> Result<RoleInfo> {
    let key = role.id.to_string();
    Ok(RoleInfo {
        mfa_required: company(cx.conn)?
            .map(|c| c.mfa_required_roles.contains(&key))
            .unwrap_or(false),
        users: users_holding(cx.conn, &key)?,
        key,
        name: role.name.clone(),
        description: role.description.clone(),
        built_in: false,
        permissions: role.permissions.clone(),
    })
}

fn role_create(cx: &mut Cx<'_>, input: RoleInput) -> Result<RoleInfo> {
    let actor = cx.actor()?.clone();
    let name = validate::required("name", &input.name, ROLE_NAME_CHARS_MAX)?;
    let description = validate::optional(
        "description",
        input.description.as_deref(),
        ROLE_DESCRIPTION_CHARS_MAX,
    )?
    .unwrap_or_default();
    let permissions = parse_permissions(&input.permissions)?;
    check_may_grant(&actor, &permissions)?;
    check_name_free(cx.conn, &name, None)?;
    let role = RoleRecord {
        id: RoleId::new(),
        name,
        description,
        permissions: names(&permissions),
        created_at_ms: cx.now_ms,
        deleted: false,
    };
    cx.put(&role)?;
    cx.record_change(
        role.id,
        Summary::both(
            format!(
                "created role {} with {}",
                role.name,
                role.permissions.join(", ")
            ),
            format!(
                "新建角色 {}，权限：{}",
                role.name,
                role.permissions.join("、")
            ),
        ),
    );
    info(cx, &role)
}

fn load(cx: &mut Cx<'_>, id: RoleId) -> Result<RoleRecord> {
    cx.get::<RoleRecord>(&id)?
        .filter(|r| !r.deleted)
        .ok_or_else(|| Error::not_found("role", id))
}

fn role_update(cx: &mut Cx<'_>, patch: RolePatch) -> Result<RoleInfo> {
    let actor = cx.actor()?.clone();
    let mut role = load(cx, patch.id)?;
    // Changing a role is handing out its permissions again, to everyone who holds it.
    check_may_grant(&actor, &role.granted())?;
    let mut changed = Vec::new();
    if let Some(name) = &patch.name {
        let name = validate::required("name", name, ROLE_NAME_CHARS_MAX)?;
        if name != role.name {
            check_name_free(cx.conn, &name, Some(role.id))?;
            changed.push((
                format!("name {} -> {name}", role.name),
                format!("名称 {} → {name}", role.name),
            ));
            role.name = name;
        }
    }
    if let Some(description) = &patch.description {
        let description =
            validate::optional("description", Some(description), ROLE_DESCRIPTION_CHARS_MAX)?
                .unwrap_or_default();
        if description != role.description {
            changed.push(("description".into(), "说明".into()));
            role.description = description;
        }
    }
    if let Some(permissions) = &patch.permissions {
        let permissions = parse_permissions(permissions)?;
        check_may_grant(&actor, &permissions)?;
        let permissions = names(&permissions);
        if permissions != role.permissions {
            changed.push((
                format!("permissions -> {}", permissions.join(", ")),
                format!("权限 → {}", permissions.join("、")),
            ));
            role.permissions = permissions;
        }
    }
    if !changed.is_empty() {
        cx.put(&role)?;
        let (en, zh): (Vec<String>, Vec<String>) = changed.into_iter().unzip();
        cx.record_change(
            role.id,
            Summary::both(
                format!("updated role {}: {}", role.name, en.join("; ")),
                format!("修改角色 {}：{}", role.name, zh.join("；")),
            ),
        );
    }
    info(cx, &role)
}

fn role_delete(cx: &mut Cx<'_>, input: RoleRef) -> Result<Done> {
    let actor = cx.actor()?.clone();
    let mut role = load(cx, input.id)?;
    check_may_grant(&actor, &role.granted())?;
    let holders = users_holding(cx.conn, &role.id.to_string())?;
    if holders > 0 {
        return Err(Error::conflict(
            format!(
                "{holders} user(s) hold the role {}; give them another role first",
                role.name
            ),
            format!(
                "有 {holders} 位用户使用角色 {}：请先给他们换一个角色",
                role.name
            ),
        ));
    }
    role.deleted = true;
    cx.put(&role)?;
    cx.record_change(
        role.id,
        Summary::both(
            format!("deleted role {}", role.name),
            format!("删除角色 {}", role.name),
        ),
    );
    Ok(Done {})
}

fn role_mfa(cx: &mut Cx<'_>, rule: MfaRule) -> Result<Done> {
    let key = rule.role.trim().to_string();
    let known = Role::parse(&key).is_some()
        || RoleId::parse("role", &key)
            .ok()
            .map(|id| custom_permissions(cx.conn, id))
            .transpose()?
            .flatten()
            .is_some();
    if !known {
        return Err(Error::invalid(
            "role",
            Reason::InvalidValue,
            format!("no role {key}: a built-in role's name or a custom role's id"),
        ));
    }
    let (id, _) = store::company(cx.conn)?
        .ok_or_else(|| Error::conflict("there is no company yet", "还没有公司"))?;
    let mut company: Company = cx
        .get(&id)?
        .ok_or_else(|| Error::not_found("company", id))?;
    let holds = company.mfa_required_roles.contains(&key);
    if holds == rule.required {
        return Ok(Done {});
    }
    if rule.required {
        company.mfa_required_roles.push(key.clone());
    } else {
        company.mfa_required_roles.retain(|r| r != &key);
    }
    cx.put(&company)?;
    let (verb, verb_zh) = if rule.required {
        ("now requires", "现在需要")
    } else {
        ("no longer requires", "不再需要")
    };
    cx.record_change(
        id,
        Summary::both(
            format!("role {key} {verb} two-step sign-in"),
            format!("角色 {} {verb_zh}两步验证登录", role_zh(&key)),
        ),
    );
    Ok(Done {})
}
