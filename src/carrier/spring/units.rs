//! The units of a Spring Boot file: per document set (the default documents,
//! then each profile document merged over them), one unit per client, each
//! holding the settings Spring gives that client, the winner of each Kafka key
//! chosen in `buildProperties` order.

use super::mapping::{self, Client};
use super::{Entry, Origin};
use crate::catalog::{Catalog, Role};
use crate::secret::SettingValue;
use crate::text::Span;
use crate::unit::{Setting, UnitSource};
use rustc_hash::FxHashMap;

/// The document activation keys, in relaxed uniform form: Boot 2.4+'s
/// `spring.config.activate.on-profile`, and 2.x's `spring.profiles`.
const PROFILE_KEYS: [&str; 2] = ["spring.config.activate.onprofile", "spring.profiles"];
const PLATFORM_KEY: &str = "spring.config.activate.oncloudplatform";

/// The documents of a profile file's base files (see `base`) are numbered
/// from here, one per base file, lowest precedence first.
pub const BASE_DOCUMENT: usize = usize::MAX / 2;

pub fn is_base(document: usize) -> bool {
    (BASE_DOCUMENT..usize::MAX).contains(&document)
}

fn uniform_key(key: &str) -> String {
    key.split('.')
        .map(mapping::uniform)
        .collect::<Vec<_>>()
        .join(".")
}

/// What activates a document, if anything: `profile dev`, `cloud platform kubernetes`.
pub fn activation(entries: &[Entry], document: usize) -> Option<String> {
    entries
        .iter()
        .filter(|e| e.document == document)
        .find_map(|e| {
            let key = uniform_key(&e.key);
            if PROFILE_KEYS.contains(&key.as_str()) {
                Some(format!("profile {}", e.value.trim()))
            } else if key == PLATFORM_KEY {
                Some(format!("cloud platform {}", e.value.trim()))
            } else {
                None
            }
        })
}

/// A set of documents linted together.
struct DocumentSet {
    /// Lowest precedence first: the base files', then the file's own.
    documents: Vec<usize>,
    /// The conditional document merged over the default ones.
    profile: Option<(usize, String)>,
    /// The documents whose clients the set lints, when not all of them: a
    /// profile document's own, or (with base files) the file's own.
    changed_by: Option<Vec<usize>>,
}

fn document_sets(entries: &[Entry]) -> Vec<DocumentSet> {
    let mut documents: Vec<usize> = entries.iter().map(|e| e.document).collect();
    documents.sort_unstable();
    documents.dedup();
    let activations: Vec<(usize, Option<String>)> = documents
        .iter()
        .map(|&d| (d, activation(entries, d)))
        .collect();
    let mut defaults: Vec<usize> = activations
        .iter()
        .filter(|(_, a)| a.is_none())
        .map(|(d, _)| *d)
        .collect();
    // The base files' documents come first: the file's own win over them.
    defaults.sort_by_key(|&d| (!is_base(d), d));
    let own: Vec<usize> = defaults.iter().copied().filter(|&d| !is_base(d)).collect();
    let mut sets = vec![DocumentSet {
        documents: defaults.clone(),
        profile: None,
        changed_by: (own.len() < defaults.len()).then_some(own),
    }];
    for (document, active) in activations {
        if let Some(name) = active {
            let mut documents = defaults.clone();
            documents.push(document);
            sets.push(DocumentSet {
                documents,
                profile: Some((document, name)),
                changed_by: Some(vec![document]),
            });
        }
    }
    sets
}

fn role_of(client: Client) -> Option<Role> {
    match client {
        Client::Producer => Some(Role::Producer),
        Client::Consumer => Some(Role::Consumer),
        Client::Admin => Some(Role::Admin),
        Client::Streams => Some(Role::Streams),
        Client::Common => None,
    }
}

/// Adds the values Spring gives Kafka for properties the file does not set
/// (the String serializers, `localhost:9092`): they have no span of their own.
fn add_spring_defaults(settings: &mut Vec<Setting>, origins: &mut Vec<Origin>) {
    for property in mapping::properties() {
        let (Some(default), Some(key)) = (&property.spring_default, &property.kafka_key) else {
            continue;
        };
        settings.push(
            Setting::new(
                key.as_str(),
                SettingValue::for_key(key, default.as_str()),
                Span::empty_at(0),
                Span::empty_at(0),
                Span::empty_at(0),
            )
            .with_source_key(format!("spring.kafka.{}", property.name)),
        );
        origins.push(Origin {
            property,
            passed: false,
            document: usize::MAX,
            entry: None,
        });
    }
}

/// The units of the file, and for each the client and document a new key goes
/// to. `profile` is the file's own, when it is linted over base files: its
/// units say it, since their findings may be placed in a base file.
pub fn build(
    entries: &[Entry],
    settings: &mut Vec<Setting>,
    origins: &mut Vec<Origin>,
    profile: Option<&str>,
) -> (Vec<UnitSource>, Vec<(Client, usize)>) {
    add_spring_defaults(settings, origins);
    let catalog = Catalog::get(crate::catalog::default_selection().catalog);
    let mut units = Vec::new();
    let mut homes = Vec::new();
    for set in document_sets(entries) {
        let in_set = |o: &Origin| o.entry.is_none() || set.documents.contains(&o.document);
        let clients = clients_of(origins, &set, &in_set);
        let own_default = || set.documents.iter().copied().find(|&d| !is_base(d));
        let home = set
            .profile
            .as_ref()
            .map_or_else(|| own_default().unwrap_or(0), |(d, _)| *d);
        for (position, &client) in clients.iter().enumerate() {
            let members = members(
                settings,
                origins,
                client,
                position == 0,
                catalog,
                &in_set,
                &set,
            );
            let label = match (&set.profile, profile) {
                (Some((_, name)), _) => format!("{} [{name}]", client.name()),
                (None, Some(profile)) => format!("{} [profile {profile}]", client.name()),
                (None, None) => client.name().to_string(),
            };
            units.push(UnitSource::new(
                Some(label),
                role_of(client),
                members,
                settings,
            ));
            homes.push((client, home));
        }
    }
    (units, homes)
}

/// The clients a set configures: those its settings name (for a profile, those
/// the profile document changes; over base files, those the file changes),
/// else `common` alone.
fn clients_of(
    origins: &[Origin],
    set: &DocumentSet,
    in_set: &dyn Fn(&Origin) -> bool,
) -> Vec<Client> {
    let from_changed = |o: &Origin| {
        o.entry.is_some()
            && set
                .changed_by
                .as_ref()
                .is_some_and(|d| d.contains(&o.document))
    };
    let written = |o: &&Origin| o.entry.is_some() && in_set(o);
    let mut named: Vec<Client> = origins
        .iter()
        .filter(written)
        .map(|o| o.property.client)
        .filter(|c| *c != Client::Common)
        .collect();
    named.sort_unstable();
    named.dedup();
    let touched_by_profile: Vec<Client> = origins
        .iter()
        .filter(|o| from_changed(o))
        .map(|o| o.property.client)
        .collect();
    let any_written = origins.iter().any(|o| written(&o));
    let mut clients = if named.is_empty() && any_written {
        vec![Client::Common]
    } else {
        named
    };
    if set.changed_by.is_some() {
        // A client the profile leaves alone is linted with the default
        // documents (the base file's, with that file).
        clients.retain(|c| {
            touched_by_profile.contains(c) || touched_by_profile.contains(&Client::Common)
        });
    }
    clients
}

/// The settings Spring gives `client`: for each Kafka key the winner in
/// `buildProperties` order, after the duplicates of its own property in its own
/// document (which the loader overwrote), in file order.
#[allow(clippy::too_many_arguments)]
fn members(
    settings: &[Setting],
    origins: &[Origin],
    client: Client,
    first: bool,
    catalog: &Catalog,
    in_set: &dyn Fn(&Origin) -> bool,
    set: &DocumentSet,
) -> Vec<usize> {
    let belongs = |i: usize| {
        let o = &origins[i];
        if !in_set(o) || (o.property.client != Client::Common && o.property.client != client) {
            return false;
        }
        if o.entry.is_none() && client == Client::Common {
            return false;
        }
        !(o.passed && o.property.client == Client::Common)
            || passes_to(settings[i].key(), client, first, catalog)
    };
    let rank = |i: usize| {
        let o = &origins[i];
        // Spring's default for a property loses to the property written; a
        // default document comes before the profile document; then file order.
        let document = set
            .documents
            .iter()
            .position(|d| *d == o.document)
            .unwrap_or(0);
        (
            o.property.stage(),
            o.entry.is_some(),
            document,
            settings[i].span().start,
        )
    };
    let mut winners: FxHashMap<&str, usize> = FxHashMap::default();
    for i in (0..settings.len()).filter(|&i| belongs(i)) {
        let key = settings[i].key();
        let entry = winners.entry(key).or_insert(i);
        if rank(i) > rank(*entry) {
            *entry = i;
        }
    }
    let mut out: Vec<usize> = (0..settings.len())
        .filter(|&i| belongs(i))
        .filter(|&i| {
            let winner = winners[settings[i].key()];
            let (a, b) = (&origins[i], &origins[winner]);
            i == winner
                || (a.entry.is_some()
                    && a.document == b.document
                    && a.property.name == b.property.name
                    && a.passed == b.passed)
        })
        .collect();
    out.sort_by_key(|&i| (settings[i].span().start, i));
    out
}

/// Whether an entry of `spring.kafka.properties` is one for `client`: a key
/// its role knows (Streams: or hands on to its clients), or (once, in the
/// first client) a key no role knows.
fn passes_to(key: &str, client: Client, first: bool, catalog: &Catalog) -> bool {
    match role_of(client) {
        None => true,
        Some(role) => {
            catalog.resolve(role, key).is_some()
                || (first && catalog.roles_with_key(key).is_empty())
        }
    }
}
