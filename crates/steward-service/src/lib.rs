//! Steward's use cases. Each write is one transaction: parse, apply the record rules, check what only
//! stored data can tell (lookups, cycles, windows, uniqueness), write, and append the audit entry.

mod access;
mod attachments;
mod audit;
mod authz;
mod catalog;
mod guards;
mod impact;
mod jobs;
mod mail;
mod mail_in;
mod notify;
mod oidc;
mod opens;
mod personal;
mod process;
mod reads;
mod reports;
mod roles;
mod scheduler;
mod scim;
mod sessions;
mod sla;
mod webhooks;
mod writes;

pub use sessions::{LiveSession, NewSession, SESSION_ABSOLUTE_HOURS, SESSION_IDLE_MINUTES};

pub use access::{
    hash_password, random_password, verify_password, NewToken, Scope, ADMIN_USER, TOKEN_MAX_DAYS,
};
pub use attachments::{AttachmentFile, AttachmentMismatch, ATTACHABLE, ATTACHMENT_MAX_BYTES};
pub use audit::VerifyFailure;
pub use authz::{Depth, Permissions, Privilege};
pub use catalog::{Decision, OrderForm};
pub use impact::{Access, Accreditation, Impact, ImpactItem, Owner, Step, PART_OF};
pub use jobs::{job, Job, JobOutcome, JOBS};
pub use mail::MailConfig;
pub use mail_in::Received;
pub use oidc::OidcIdentity;
pub use personal::{Preferences, SavedView};
pub use process::ApprovalStep;
pub use reports::SearchHit;
pub use roles::{builtin_roles, describe as describe_grants};
pub use scheduler::{server_name, JobBoard, JobSummary, Schedule, SchedulerConfig};
pub use scim::{GroupKey, ScimGroup, ScimGroupInput, ScimUser, ScimUserInput, UserKey};
pub use steward_process::{Lifecycle, Processes, Transition};
pub use steward_store::QueuedRun;
pub use webhooks::{
    signature as webhook_signature, DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
};

use std::sync::Arc;
use steward_domain::{DomainError, ErrorKind};
use steward_model::{Model, Table};
use steward_store::{Db, StoreError};
use uuid::Uuid;

pub use reads::{ListRequest, Page, Row, DEFAULT_PAGE_SIZE};
pub use steward_domain::audit::{AuditEntry, ChainBreak};
pub use writes::Batch;

/// The person record of the built-in administrator, the actor of every request until access
/// control replaces it.
pub const ADMIN_PERSON_ID: Uuid = Uuid::from_u128(0x0000_0000_0000_7000_8000_0000_0000_0001);

/// Who is acting. Built by the API's actor extractor; the only way a use case learns the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// The person acting (stamped as created_by / modified_by and in the audit trail).
    pub person_id: Uuid,
    /// The user account signed in, when there is one.
    pub user_id: Option<Uuid>,
    /// What the credential may do.
    pub scope: Scope,
    /// What the actor's roles grant, per table and privilege.
    pub permissions: std::sync::Arc<Permissions>,
    /// The actor's organization unit first, then every unit below it.
    pub units: std::sync::Arc<[Uuid]>,
}

impl Actor {
    /// Steward carrying out a step of a workflow this actor started (an approval created for their
    /// order, a request's status after a decision): the same person in the audit trail, with every
    /// privilege. Only a use case that has checked the actor's right to the whole step uses it.
    pub(crate) fn for_workflow(&self) -> Actor {
        Actor {
            permissions: Permissions::everything().into(),
            scope: Scope::Admin,
            ..self.clone()
        }
    }

    /// The built-in administrator, acting for Steward itself (bootstrap, demo, CLI).
    pub fn administrator() -> Actor {
        Actor {
            person_id: ADMIN_PERSON_ID,
            user_id: None,
            scope: Scope::Admin,
            permissions: Permissions::everything().into(),
            units: Vec::new().into(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The caller's fault, with a stable code.
    #[error(transparent)]
    Domain(#[from] DomainError),
    /// Ours: logged, never shown in detail.
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Self {
        // The service checks uniqueness and references first; a constraint still firing means a race
        // with a writer outside Steward, which is still the caller's conflict, not a 500.
        if e.is_unique_violation() {
            return Error::Domain(DomainError::new(
                ErrorKind::Conflict,
                "duplicate",
                "a record with the same unique value exists",
            ));
        }
        if e.is_foreign_key_violation() {
            return Error::Domain(DomainError::new(
                ErrorKind::Conflict,
                "referenced",
                "the change breaks a reference between records",
            ));
        }
        match e {
            StoreError::Domain(d) => Error::Domain(d),
            other => Error::Internal(other.to_string()),
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A text field of a record, when it holds a non-empty value.
pub(crate) fn text_of<'r>(r: &'r steward_domain::Record, f: &str) -> Option<&'r str> {
    r.get(f)
        .and_then(steward_domain::Value::as_text)
        .filter(|s| !s.is_empty())
}

/// A lookup or UUID field of a record.
pub(crate) fn uuid_of(r: &steward_domain::Record, f: &str) -> Option<Uuid> {
    r.get(f).and_then(steward_domain::Value::as_uuid)
}

/// The id of a stored record.
pub(crate) fn id_of(r: &steward_domain::Record) -> Uuid {
    r.get("id")
        .and_then(steward_domain::Value::as_uuid)
        .expect("records have ids")
}

/// The application: the model and the database.
#[derive(Clone)]
pub struct Service {
    model: Arc<Model>,
    /// The model without its protected fields, for callers whose roles do not read them.
    public_model: Arc<Model>,
    /// The lifecycles of the process tables, read from their declaration.
    processes: Arc<Processes>,
    db: Db,
    /// Where attachments' bytes go (`--attachments-dir`); `None` keeps them in the database.
    attachments_dir: Option<Arc<std::path::PathBuf>>,
    /// How mail goes out (`--smtp-url`); `None` sends none (and enqueues none).
    mail: Option<Arc<MailConfig>>,
}

impl Service {
    /// The service over `model` with the built-in lifecycles: the fields they own are marked in
    /// the model, so that no write sets them and no form or OpenAPI body offers them.
    pub fn new(model: Arc<Model>, db: Db) -> Self {
        let processes = Processes::builtin(&model)
            .unwrap_or_else(|e| panic!("the built-in lifecycles do not fit the model: {e}"));
        Self::with_processes(model, db, processes)
    }

    /// The service with an administrator's own declaration of the lifecycles and approval chains
    /// (`steward --lifecycles FILE`), already checked against `model` by [`Processes::parse`].
    pub fn with_processes(model: Arc<Model>, db: Db, processes: Processes) -> Self {
        let mut model = Arc::unwrap_or_clone(model);
        processes.mark(&mut model);
        let public_model = Arc::new(model.without_protected());
        Service {
            model: Arc::new(model),
            public_model,
            processes: Arc::new(processes),
            db,
            attachments_dir: None,
            mail: None,
        }
    }

    /// The service keeping attachments' bytes as files in `dir` (content-addressed by SHA-256)
    /// instead of in the database; files already in the database stay readable there.
    /// Send mail: the outbox gets the mails of every change, the scheduler delivers them.
    pub fn with_mail(mut self, mail: MailConfig) -> Self {
        self.mail = Some(Arc::new(mail));
        self
    }

    pub fn with_attachments_dir(mut self, dir: std::path::PathBuf) -> Self {
        self.attachments_dir = Some(Arc::new(dir));
        self
    }

    pub fn processes(&self) -> &Processes {
        &self.processes
    }

    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The model as this actor may see it: what its query options are parsed against, so that no
    /// path names a field the actor may not read (it is unknown, exactly like a missing one).
    pub fn model_for(&self, actor: &Actor) -> &Model {
        match actor.permissions.reads_protected() {
            true => &self.model,
            false => &self.public_model,
        }
    }

    /// The model, to hold beyond a borrow of the service (a response that streams).
    pub fn shared_model(&self) -> Arc<Model> {
        self.model.clone()
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    /// A table every model holds (the spec's and Steward's own), for the use cases written
    /// against it.
    pub(crate) fn builtin_table(&self, name: &str) -> &Table {
        self.model
            .table(name)
            .unwrap_or_else(|| panic!("the model holds the built-in table {name}"))
    }

    /// The table behind an entity set, or a 404 naming the set.
    pub fn table_by_set(&self, set: &str) -> Result<&Table> {
        self.model.by_set(set).ok_or_else(|| {
            Error::Domain(DomainError::new(
                ErrorKind::NotFound,
                "unknown_entity_set",
                format!("there is no entity set '{set}'"),
            ))
        })
    }

    /// Migrate the schema and make sure the built-in administrator exists.
    pub async fn start(&self) -> Result<()> {
        self.check_attachments_dir().await?;
        self.db.migrate().await?;
        self.ensure_administrator().await?;
        self.ensure_builtin_roles().await
    }
}
