//! Links between units, within a file and across the files of a run: a unit
//! that belongs to a cluster (a Strimzi `KafkaTopic`, by its
//! `strimzi.io/cluster` label) learns the cluster's broker count, Kafka
//! version and broker configuration from the unit that declares it (the
//! `Kafka` resource's broker), wherever that is.
//!
//! The caller gathers the clusters of the run's files into [`Links`] before
//! linting the files that name one; the answer never depends on the order
//! the files were found in: a cluster in the unit's own file wins, else the
//! one of the run nearest to the file (sharing the most leading directories),
//! and when several are equally near (the same cluster name in two overlays)
//! none is chosen.

use super::FileSettings;
use crate::carrier::Parsed;
use crate::model::{Overrides, UnitModel};
use crate::rules::BrokerView;
use crate::unit::{ClusterLink, ClusterRef, LinkedCluster};
use std::path::Path;
use std::sync::Arc;

/// A cluster some unit declares.
#[derive(Clone, Debug)]
pub struct Declared {
    /// The file that declares it, as the run names it.
    pub path: String,
    pub cluster: ClusterRef,
    pub linked: LinkedCluster,
    /// The cluster's broker configuration.
    pub broker: Arc<BrokerView>,
}

/// The clusters declared by the files of a run.
#[derive(Clone, Debug, Default)]
pub struct Links {
    clusters: Vec<Declared>,
}

impl Links {
    /// Adds the clusters one file declares.
    pub fn add(&mut self, declared: Vec<Declared>) {
        self.clusters.extend(declared);
    }

    pub fn is_empty(&self) -> bool {
        self.clusters.is_empty()
    }
}

/// Models a file's units, each linked to the cluster it belongs to (one the
/// file declares, else one of `settings.links`), with that cluster's broker
/// configuration, by unit.
pub fn linked_units(
    name: &str,
    parsed: Arc<dyn Parsed>,
    overrides: &Overrides,
    settings: &FileSettings,
) -> (Vec<UnitModel>, Vec<Option<Arc<BrokerView>>>) {
    let build = |linked: &dyn Fn(usize) -> Option<LinkedCluster>| {
        UnitModel::build_all_linked(
            name,
            Arc::clone(&parsed),
            overrides,
            &settings.defaults,
            linked,
        )
    };
    let units = build(&|_| None);
    let own = declared(&units);
    let found: Vec<Option<&Declared>> = units
        .iter()
        .map(|unit| match &unit.source().cluster {
            Some(ClusterLink::MemberOf(cluster)) => {
                resolve(&own, settings.links.as_deref(), name, cluster)
            }
            _ => None,
        })
        .collect();
    let brokers = found
        .iter()
        .map(|d| d.map(|d| Arc::clone(&d.broker)))
        .collect();
    if found.iter().all(Option::is_none) {
        return (units, brokers);
    }
    let linked = build(&|unit| found.get(unit).copied().flatten().map(|d| d.linked.clone()));
    (linked, brokers)
}

/// The clusters the units of one file declare.
pub fn declared(units: &[UnitModel]) -> Vec<Declared> {
    units
        .iter()
        .filter_map(|unit| match &unit.source().cluster {
            Some(ClusterLink::Declares(cluster)) => Some(Declared {
                path: unit.path.clone(),
                cluster: cluster.clone(),
                linked: LinkedCluster {
                    brokers: unit.cluster_brokers,
                    kafka_version: unit.source().kafka_version.clone(),
                },
                broker: Arc::new(BrokerView::from_file(unit.clone())),
            }),
            _ => None,
        })
        .collect()
}

/// The cluster `member` names, seen from the file `path` that declares `own`:
/// one of `own`, else the one of `links` nearest to `path`. None when no
/// cluster of that name is known, or several are equally near.
pub fn resolve<'a>(
    own: &'a [Declared],
    links: Option<&'a Links>,
    path: &str,
    member: &ClusterRef,
) -> Option<&'a Declared> {
    if let Some(found) = single(own.iter().filter(|d| d.cluster.names(member))) {
        return Some(found);
    }
    let others = links?
        .clusters
        .iter()
        .filter(|d| d.path != path && d.cluster.names(member));
    let nearness = |d: &Declared| shared_directories(Path::new(path), Path::new(&d.path));
    let nearest = others.clone().map(nearness).max()?;
    single(others.filter(|d| nearness(d) == nearest))
}

/// The only item, when there is exactly one.
fn single<'a>(mut items: impl Iterator<Item = &'a Declared>) -> Option<&'a Declared> {
    let first = items.next()?;
    items.next().is_none().then_some(first)
}

/// How many leading directories two files share.
fn shared_directories(a: &Path, b: &Path) -> usize {
    match (a.parent(), b.parent()) {
        (Some(a), Some(b)) => a
            .components()
            .zip(b.components())
            .take_while(|(x, y)| x == y)
            .count(),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    fn cluster(path: &str, name: &str, namespace: Option<&str>) -> Declared {
        Declared {
            path: path.to_string(),
            cluster: ClusterRef {
                name: name.to_string(),
                namespace: namespace.map(str::to_string),
            },
            linked: LinkedCluster::default(),
            broker: Arc::new(BrokerView::defaults(Catalog::get(
                crate::catalog::default_selection().catalog,
            ))),
        }
    }

    fn member(name: &str, namespace: Option<&str>) -> ClusterRef {
        ClusterRef {
            name: name.to_string(),
            namespace: namespace.map(str::to_string),
        }
    }

    fn paths(found: Option<&Declared>) -> Option<&str> {
        found.map(|d| d.path.as_str())
    }

    #[test]
    fn the_nearest_cluster_wins_and_a_tie_links_none() {
        let mut links = Links::default();
        links.add(vec![
            cluster("overlays/dev/kafka.yaml", "events", None),
            cluster("overlays/prod/kafka.yaml", "events", None),
        ]);
        let from = |path| paths(resolve(&[], Some(&links), path, &member("events", None)));
        assert_eq!(
            from("overlays/dev/topics/t.yaml"),
            Some("overlays/dev/kafka.yaml")
        );
        assert_eq!(
            from("overlays/prod/t.yaml"),
            Some("overlays/prod/kafka.yaml")
        );
        assert_eq!(from("base/t.yaml"), None);
        assert_eq!(from("overlays/t.yaml"), None);
    }

    #[test]
    fn the_own_file_wins_and_namespaces_must_agree_when_both_say_one() {
        let own = [cluster("a/kafka.yaml", "events", Some("prod"))];
        let mut links = Links::default();
        links.add(vec![cluster("a/other.yaml", "events", Some("dev"))]);
        let found = |ns| {
            paths(resolve(
                &own,
                Some(&links),
                "a/kafka.yaml",
                &member("events", ns),
            ))
        };
        assert_eq!(found(Some("prod")), Some("a/kafka.yaml"));
        assert_eq!(found(None), Some("a/kafka.yaml"));
        assert_eq!(found(Some("dev")), Some("a/other.yaml"));
        assert_eq!(found(Some("test")), None);
    }
}
