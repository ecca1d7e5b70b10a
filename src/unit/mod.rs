//! What a carrier makes of a file: settings under their Kafka keys, with the
//! spans they came from, grouped into units (one Kafka client, broker or topic
//! each). Checks and rules see these, never a carrier's syntax.

use crate::catalog::Role;
use crate::secret::SettingValue;
use crate::text::{SourceText, Span};
use compact_str::CompactString;
use std::sync::Arc;

mod key_index;
pub(crate) use key_index::KeyIndex;

/// One Kafka setting as a carrier read it.
///
/// Compact, since a file may hold hundreds of thousands: a key or value of up
/// to 24 bytes is kept inline (no allocation), the spans are `u32` (a file
/// over 4 GiB has its spans saturate there), and the rare source key is boxed.
/// 80 bytes in all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Setting {
    key: CompactString,
    value: SettingValue,
    key_span: Span32,
    value_span: Span32,
    span: Span32,
    // Boxed twice on purpose: eight bytes in every setting for a field most lack
    // (an `Option<Box<str>>` takes sixteen).
    #[allow(clippy::box_collection)]
    source_key: Option<Box<String>>,
}

/// A [`Span`] in four bytes an end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Span32 {
    start: u32,
    end: u32,
}

impl From<Span> for Span32 {
    fn from(span: Span) -> Span32 {
        let narrow = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Span32 {
            start: narrow(span.start),
            end: narrow(span.end),
        }
    }
}

impl From<Span32> for Span {
    fn from(span: Span32) -> Span {
        Span::new(span.start as usize, span.end as usize)
    }
}

impl Setting {
    /// A setting under the Kafka key `key`, with its value and where the key,
    /// the value (empty where a value would go when there is none) and the
    /// whole setting stand in the file.
    pub fn new(
        key: impl Into<CompactString>,
        value: SettingValue,
        key_span: Span,
        value_span: Span,
        span: Span,
    ) -> Setting {
        Setting {
            key: key.into(),
            value,
            key_span: key_span.into(),
            value_span: value_span.into(),
            span: span.into(),
            source_key: None,
        }
    }

    /// The key as the file writes it, when it is not the Kafka key.
    pub fn with_source_key(mut self, source_key: String) -> Setting {
        self.source_key = Some(Box::new(source_key));
        self
    }

    /// The Kafka key (`max.poll.records`), whatever the carrier calls it.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The value as Kafka receives it, before Kafka's own trimming.
    pub fn value(&self) -> &SettingValue {
        &self.value
    }

    /// The key as written in the file.
    pub fn key_span(&self) -> Span {
        self.key_span.into()
    }

    /// The value as written; empty (where a value would go) when there is none.
    pub fn value_span(&self) -> Span {
        self.value_span.into()
    }

    /// The whole setting, from its first character to its last.
    pub fn span(&self) -> Span {
        self.span.into()
    }

    /// The key as the file writes it, when it is not the Kafka key
    /// (`spring.kafka.consumer.max-poll-records`, `KAFKA_MESSAGE_MAX_BYTES`).
    pub fn source_key(&self) -> Option<&str> {
        self.source_key.as_deref().map(String::as_str)
    }
}

/// A comment: where directives (`# kafkalint: ...`) live.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    /// From the comment marker to the end of its line (no terminator).
    pub span: Span,
    /// The decoded text after the marker.
    pub text: String,
}

/// Why the program that reads this file would load nothing from it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    pub span: Span,
    pub message: String,
}

/// One Kafka component configured by a file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UnitSource {
    /// A short name when a file holds several (`consumer`, `service kafka-1`).
    pub label: Option<String>,
    /// The role the carrier's syntax gives it; it wins over every other source.
    pub role: Option<Role>,
    /// Indexes into [`SourceFile::settings`], in file order, duplicates included.
    pub settings: Vec<usize>,
    /// The settings Kafka keeps (the last of each key), in file order (`u32`:
    /// four bytes a setting of a 400,000-line file).
    kept: Vec<u32>,
    /// The Kafka version the carrier's syntax gives (a compose image tag,
    /// Strimzi's `spec.kafka.version`), as written (`3.7.0`, `4.1`).
    pub kafka_version: Option<String>,
    /// How many brokers the cluster this unit belongs to has, when the
    /// carrier knows it (compose services, Strimzi replicas).
    pub cluster_brokers: Option<u32>,
    /// The cluster this unit declares (a Strimzi `Kafka`'s broker) or belongs
    /// to (a `KafkaTopic`'s `strimzi.io/cluster` label), which may be in
    /// another file of the run.
    pub cluster: Option<ClusterLink>,
    /// A topic's replication factor, when the carrier's syntax gives it (a
    /// `KafkaTopic`'s `spec.replicas`): no Kafka config key holds it.
    pub replicas: Option<u32>,
    /// A topic without a replication factor of its own that its cluster's
    /// brokers give `default.replication.factor` (a `KafkaTopic` without
    /// `spec.replicas`), when the cluster is known.
    pub replicas_from_cluster: bool,
    /// Where a finding about the unit as a whole points when none of its
    /// settings is the place (a Strimzi resource's `metadata.name`).
    pub anchor: Option<Span>,
}

/// A cluster as a carrier's syntax names it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ClusterRef {
    pub name: String,
    /// The Kubernetes namespace, when the resource says one.
    pub namespace: Option<String>,
}

impl ClusterRef {
    /// Whether two names are the same cluster: the same name, and the same
    /// namespace when both say one (a resource without one lands in whatever
    /// namespace it is applied to).
    pub fn names(&self, other: &ClusterRef) -> bool {
        self.name == other.name
            && match (&self.namespace, &other.namespace) {
                (Some(a), Some(b)) => a == b,
                _ => true,
            }
    }
}

/// How a unit relates to a cluster.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClusterLink {
    /// The unit is the cluster's broker configuration.
    Declares(ClusterRef),
    /// The unit lives in the cluster (a topic).
    MemberOf(ClusterRef),
}

/// Nodes of a cluster that a file declares outside any unit (a Strimzi
/// `KafkaNodePool`): they count into the size of the cluster they name,
/// wherever its broker configuration is declared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodePool {
    pub cluster: ClusterRef,
    /// How many of its nodes are brokers: all of them with the broker role,
    /// none without (a KRaft controller-only pool); None when the file does
    /// not say a number (the cluster's size is then unknown).
    pub brokers: Option<u32>,
}

/// What a unit learns from the cluster it belongs to, when that cluster is
/// declared elsewhere (another unit, maybe in another file).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LinkedCluster {
    pub brokers: Option<u32>,
    /// As the cluster's resource writes it (`3.8.0`).
    pub kafka_version: Option<String>,
}

impl UnitSource {
    /// A unit of the given settings; which of them Kafka keeps is worked out here.
    pub fn new(
        label: Option<String>,
        role: Option<Role>,
        settings: Vec<usize>,
        all: &[Setting],
    ) -> UnitSource {
        // The last position of each key in `settings`, put back in their order.
        let key_at = |position: usize| all[settings[position]].key();
        let mut last = KeyIndex::with_room_for(settings.len());
        for position in 0..settings.len() {
            last.put(position, key_at);
        }
        let mut kept: Vec<u32> = last
            .positions()
            .filter_map(|position| u32::try_from(position).ok())
            .collect();
        drop(last);
        kept.sort_unstable();
        kept.retain_mut(|at| match u32::try_from(settings[*at as usize]) {
            Ok(index) => {
                *at = index;
                true
            }
            Err(_) => false,
        });
        UnitSource {
            label,
            role,
            settings,
            kept,
            kafka_version: None,
            cluster_brokers: None,
            cluster: None,
            replicas: None,
            replicas_from_cluster: false,
            anchor: None,
        }
    }

    /// The Kafka version the carrier's syntax gives this unit.
    pub fn with_kafka_version(mut self, version: impl Into<String>) -> UnitSource {
        self.kafka_version = Some(version.into());
        self
    }

    /// The broker count the carrier's syntax gives this unit's cluster.
    pub fn with_cluster_brokers(mut self, brokers: u32) -> UnitSource {
        self.cluster_brokers = Some(brokers);
        self
    }

    /// The cluster the unit declares or belongs to.
    pub fn with_cluster(mut self, link: ClusterLink) -> UnitSource {
        self.cluster = Some(link);
        self
    }

    /// The replication factor the carrier's syntax gives this topic.
    pub fn with_replicas(mut self, replicas: u32) -> UnitSource {
        self.replicas = Some(replicas);
        self
    }

    /// The topic takes its cluster's `default.replication.factor`.
    pub fn with_replicas_from_cluster(mut self) -> UnitSource {
        self.replicas_from_cluster = true;
        self
    }

    /// The indexes of the settings Kafka keeps (the last of each key), in file order.
    pub fn kept(&self) -> impl ExactSizeIterator<Item = usize> + Clone + '_ {
        self.kept.iter().map(|&i| i as usize)
    }
}

/// A parsed file, carrier-neutral.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Shared with the reporters, which keep it after the settings are gone.
    pub text: Arc<SourceText>,
    pub settings: Vec<Setting>,
    pub comments: Vec<Comment>,
    pub units: Vec<UnitSource>,
    /// Set when the reading program loads nothing from the file.
    pub load_error: Option<LoadError>,
    /// Spans besides values that hold a secret (a key that swallowed one).
    pub hidden: Vec<Span>,
}

impl SourceFile {
    /// The value spans of every secret, duplicates included: the text still
    /// holds values Kafka ignores.
    pub fn secret_spans(&self) -> Vec<Span> {
        self.settings
            .iter()
            .filter(|s| s.value.is_secret())
            .map(Setting::value_span)
            .chain(self.hidden.iter().copied())
            .collect()
    }
}

/// Another file that holds some of a file's settings (an env file a compose
/// service names): its text stands in the file's own text from offset
/// `base` on, so that settings keep one kind of span; findings there are
/// moved to this file before they are reported.
#[derive(Clone, Debug)]
pub struct Elsewhere {
    /// As the run names it (relative to the carrier file's directory).
    pub path: String,
    pub text: Arc<SourceText>,
    pub base: usize,
    /// Where this file names it (a compose service's `env_file:` entry): an
    /// editor shows the other file's findings there.
    pub named_at: Span,
    /// Whether the other file is linted on its own too (a Spring profile
    /// file's base `application.yml`): a finding wholly about it is then its
    /// own run's to report, not this file's.
    pub linted_alone: bool,
}

/// An edit in a carrier's own syntax, made by the carrier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextEdit {
    pub span: Span,
    pub replacement: String,
}
