//! Links between units, within a file and across the files of a run: a unit
//! that belongs to a cluster (a Strimzi `KafkaTopic`, by its
//! `strimzi.io/cluster` label) learns the cluster's broker count, Kafka
//! version and broker configuration from the unit that declares it (the
//! `Kafka` resource's broker), wherever that is; and the cluster's size may
//! be made of node pools declared in other files (Strimzi `KafkaNodePool`s),
//! which the unit that declares the cluster learns too.
//!
//! The caller gathers the declarations of the run's files into [`Links`]
//! before linting the files that name a cluster; the answer never depends on
//! the order the files were found in: a cluster in the naming file (the
//! topic's, the pool's) wins, else the one of the run nearest to it (sharing
//! the most leading directories), and when several are equally near (the
//! same cluster name in two overlays) none is chosen. A pool joins the
//! cluster a topic in its place would join.

use super::FileSettings;
use crate::carrier::{Carriers, Parsed};
use crate::model::{Overrides, UnitModel};
use crate::rules::BrokerView;
use crate::unit::{ClusterLink, ClusterRef, LinkedCluster, NodePool};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A cluster some unit declares.
#[derive(Clone, Debug)]
pub struct Declared {
    /// The file that declares it, as the run names it.
    pub path: String,
    pub cluster: ClusterRef,
    /// As the cluster's resource writes it (`3.8.0`).
    pub kafka_version: Option<String>,
    /// The broker count the declaring unit's own syntax gives (`spec.kafka.replicas`);
    /// None when node pools make the cluster.
    pub brokers: Option<u32>,
    /// The count when neither the unit nor any pool gives one (the project
    /// config's `[[cluster]]`).
    pub default_brokers: Option<u32>,
    /// The cluster's broker configuration.
    pub broker: Arc<BrokerView>,
}

/// Node pools a file declares.
#[derive(Clone, Debug)]
pub struct DeclaredPool {
    pub path: String,
    pub pool: NodePool,
}

/// What one file declares: clusters and node pools.
#[derive(Clone, Debug, Default)]
pub struct Declarations {
    pub clusters: Vec<Declared>,
    pub pools: Vec<DeclaredPool>,
}

impl Declarations {
    pub fn is_empty(&self) -> bool {
        self.clusters.is_empty() && self.pools.is_empty()
    }
}

/// The clusters and node pools declared by the files of a run.
#[derive(Clone, Debug, Default)]
pub struct Links {
    clusters: Vec<Declared>,
    pools: Vec<DeclaredPool>,
}

impl Links {
    /// Adds what one file declares.
    pub fn add(&mut self, declared: Declarations) {
        self.clusters.extend(declared.clusters);
        self.pools.extend(declared.pools);
    }

    pub fn is_empty(&self) -> bool {
        self.clusters.is_empty() && self.pools.is_empty()
    }
}

/// Models a file's units, each linked to the cluster it belongs to (one the
/// file declares, else one of `settings.links`), with that cluster's broker
/// configuration, by unit; a unit that declares a cluster made of node pools
/// learns its size.
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
    let own = declarations(name, &units, parsed.node_pools());
    let view = View {
        path: name,
        own: &own,
        links: settings.links.as_deref(),
    };
    let found: Vec<Option<(LinkedCluster, Option<Arc<BrokerView>>)>> =
        units.iter().map(|unit| view.link(unit)).collect();
    let brokers = found
        .iter()
        .map(|f| f.as_ref().and_then(|(_, broker)| broker.clone()))
        .collect();
    if found.iter().all(Option::is_none) {
        return (units, brokers);
    }
    let linked = build(&|unit| {
        found
            .get(unit)
            .and_then(|f| f.as_ref().map(|(linked, _)| linked.clone()))
    });
    (linked, brokers)
}

/// What the units and node pools of the file `path` declare.
pub fn declarations(path: &str, units: &[UnitModel], pools: &[NodePool]) -> Declarations {
    Declarations {
        clusters: declared(units),
        pools: pools
            .iter()
            .map(|pool| DeclaredPool {
                path: path.to_string(),
                pool: pool.clone(),
            })
            .collect(),
    }
}

/// The clusters the units of one file declare.
fn declared(units: &[UnitModel]) -> Vec<Declared> {
    units
        .iter()
        .filter_map(|unit| match &unit.source().cluster {
            Some(ClusterLink::Declares(cluster)) => Some(Declared {
                path: unit.path.clone(),
                cluster: cluster.clone(),
                kafka_version: unit.source().kafka_version.clone(),
                brokers: unit.source().cluster_brokers,
                default_brokers: unit.cluster_brokers,
                broker: Arc::new(BrokerView::from_file(unit.clone())),
            }),
            _ => None,
        })
        .collect()
}

/// The declarations a file's units see: the file's own, and the run's from
/// other files.
struct View<'a> {
    path: &'a str,
    own: &'a Declarations,
    links: Option<&'a Links>,
}

impl<'a> View<'a> {
    /// What `unit` learns from its cluster: for a member, the cluster's size,
    /// version and broker configuration; for the unit that declares a
    /// cluster of node pools, its size.
    fn link(&self, unit: &UnitModel) -> Option<(LinkedCluster, Option<Arc<BrokerView>>)> {
        match &unit.source().cluster {
            Some(ClusterLink::MemberOf(member)) => {
                let cluster = self.resolve(self.path, member)?;
                let linked = LinkedCluster {
                    brokers: self.brokers(cluster),
                    kafka_version: cluster.kafka_version.clone(),
                };
                Some((linked, Some(Arc::clone(&cluster.broker))))
            }
            Some(ClusterLink::Declares(declares)) => {
                let cluster = self.own.clusters.iter().find(|d| &d.cluster == declares)?;
                if cluster.brokers.is_some() {
                    return None;
                }
                let brokers = self.pool_brokers(cluster)?;
                let linked = LinkedCluster {
                    brokers: Some(brokers),
                    kafka_version: None,
                };
                Some((linked, None))
            }
            None => None,
        }
    }

    /// The clusters of the run, this file's as it reads now.
    fn clusters(&self) -> impl Iterator<Item = &'a Declared> + Clone + 'a {
        self.merged(&self.own.clusters, |l| &l.clusters)
    }

    fn pools(&self) -> impl Iterator<Item = &'a DeclaredPool> + 'a {
        self.merged(&self.own.pools, |l| &l.pools)
    }

    /// This file's declarations, then the other files' of the run.
    fn merged<T: InFile>(
        &self,
        own: &'a [T],
        of_run: impl Fn(&'a Links) -> &'a Vec<T> + Clone + 'a,
    ) -> impl Iterator<Item = &'a T> + Clone + 'a {
        let path = self.path;
        let others = self
            .links
            .into_iter()
            .flat_map(move |l| of_run(l).iter().filter(move |d| d.path() != path));
        own.iter().chain(others)
    }

    /// The cluster `member` names, seen from the file `from`: one `from`
    /// declares, else the one nearest to `from`. None when no cluster of that
    /// name is known, or several are equally near.
    fn resolve(&self, from: &str, member: &ClusterRef) -> Option<&'a Declared> {
        let named = self.clusters().filter(|d| d.cluster.names(member));
        if let Some(found) = single(named.clone().filter(|d| d.path == from)) {
            return Some(found);
        }
        let others = named.filter(|d| d.path != from);
        let nearness = |d: &Declared| shared_directories(Path::new(from), Path::new(&d.path));
        let nearest = others.clone().map(nearness).max()?;
        single(others.filter(|d| nearness(d) == nearest))
    }

    /// A cluster's broker count: its own, else its node pools', else the default.
    fn brokers(&self, cluster: &Declared) -> Option<u32> {
        cluster
            .brokers
            .or_else(|| self.pool_brokers(cluster))
            .or(cluster.default_brokers)
    }

    /// The brokers of the node pools that join `cluster`; None when one that
    /// does says no number, or none has a broker: Strimzi refuses a cluster
    /// without one, so the pools that make it must be in files not linted.
    fn pool_brokers(&self, cluster: &Declared) -> Option<u32> {
        let joining = self.pools().filter(|p| {
            self.resolve(&p.path, &p.pool.cluster)
                .is_some_and(|d| std::ptr::eq(d, cluster))
        });
        let brokers: u32 = joining.map(|p| p.pool.brokers).sum::<Option<u32>>()?;
        (brokers > 0).then_some(brokers)
    }
}

/// What the file `name` declares, as `carriers` read it.
pub fn file_declarations(
    carriers: &Carriers,
    overrides: &Overrides,
    name: &str,
    bytes: Vec<u8>,
    settings: &FileSettings,
) -> Declarations {
    let Some(carrier) = carriers.for_file(Path::new(name), &bytes) else {
        return Declarations::default();
    };
    let parsed = carrier.parse_in(&settings.read_context(name), bytes, overrides.encoding);
    let units = linked_units(name, Arc::clone(&parsed), overrides, settings).0;
    declarations(name, &units, parsed.node_pools())
}

/// The YAML files below `roots` that a linking carrier takes, sorted (what a
/// caller that lints one file reads for its links: the language server, `show`).
pub fn linking_files(carriers: &Carriers, roots: &[PathBuf]) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for root in roots {
        let walker = ignore::WalkBuilder::new(root)
            .hidden(false)
            .require_git(false)
            .follow_links(false)
            .filter_entry(|e| e.file_name() != ".git")
            .build();
        found.extend(
            walker
                .flatten()
                .map(ignore::DirEntry::into_path)
                .filter(|p| p.is_file() && carriers.walk_takes(p)),
        );
    }
    found.sort();
    found
}

/// Where the clusters of a file linted alone are looked for: the nearest
/// directory above it that holds a `kafkalint.toml` or `.git` (the project),
/// else the current directory when the file is below it, else the file's
/// directory.
pub fn search_root(file: &Path) -> PathBuf {
    let file = absolute(file);
    let marked =
        |dir: &&Path| dir.join(crate::config::FILE_NAME).exists() || dir.join(".git").exists();
    if let Some(dir) = file.ancestors().skip(1).find(marked) {
        return dir.to_path_buf();
    }
    let here = absolute(Path::new("."));
    match file.starts_with(&here) {
        true => here,
        false => file.parent().map(Path::to_path_buf).unwrap_or(here),
    }
}

/// The declarations of the linking files below `root` (see [`search_root`]),
/// each read with the settings `settings_of` gives it; the file `name` itself
/// is left out (its own text is read by whoever lints it).
pub fn declared_below(
    root: &Path,
    name: &str,
    carriers: &Carriers,
    overrides: &Overrides,
    settings_of: &mut dyn FnMut(&Path) -> FileSettings,
) -> Links {
    let itself = absolute(Path::new(name));
    let mut links = Links::default();
    for path in linking_files(carriers, &[root.to_path_buf()]) {
        if absolute(&path) == itself {
            continue;
        }
        let Ok(bytes) = super::read_file(&path, overrides.max_file_size) else {
            continue;
        };
        let settings = settings_of(&path);
        let shown = super::display(&path);
        links.add(file_declarations(
            carriers, overrides, &shown, bytes, &settings,
        ));
    }
    links
}

/// A path from the root, `.` and `..` taken away by their names (a file
/// named `../k8s/t.yaml` and one named `/repo/k8s/c.yaml` compare as the
/// same tree).
fn absolute(path: &Path) -> PathBuf {
    use std::path::Component;
    let joined = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for part in joined.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// A declaration, and the file it is in.
trait InFile {
    fn path(&self) -> &str;
}

impl InFile for Declared {
    fn path(&self) -> &str {
        &self.path
    }
}

impl InFile for DeclaredPool {
    fn path(&self) -> &str {
        &self.path
    }
}

/// The only item, when there is exactly one.
fn single<'a>(mut items: impl Iterator<Item = &'a Declared>) -> Option<&'a Declared> {
    let first = items.next()?;
    items.next().is_none().then_some(first)
}

/// How many leading directories two files share, however each is named.
fn shared_directories(a: &Path, b: &Path) -> usize {
    let (a, b) = (absolute(a), absolute(b));
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
            cluster: member(name, namespace),
            kafka_version: None,
            brokers: None,
            default_brokers: None,
            broker: Arc::new(BrokerView::defaults(Catalog::get(
                crate::catalog::default_selection().catalog,
            ))),
        }
    }

    fn pool(path: &str, name: &str, brokers: Option<u32>) -> DeclaredPool {
        DeclaredPool {
            path: path.to_string(),
            pool: NodePool {
                cluster: member(name, None),
                brokers,
            },
        }
    }

    fn member(name: &str, namespace: Option<&str>) -> ClusterRef {
        ClusterRef {
            name: name.to_string(),
            namespace: namespace.map(str::to_string),
        }
    }

    fn links(clusters: Vec<Declared>, pools: Vec<DeclaredPool>) -> Links {
        let mut links = Links::default();
        links.add(Declarations { clusters, pools });
        links
    }

    /// The cluster `member` names from `path`, and its broker count.
    fn from<'a>(
        own: &'a Declarations,
        links: &'a Links,
        path: &'a str,
        member: &ClusterRef,
    ) -> Option<(String, Option<u32>)> {
        let view = View {
            path,
            own,
            links: Some(links),
        };
        let found = view.resolve(path, member)?;
        Some((found.path.clone(), view.brokers(found)))
    }

    fn path(found: Option<(String, Option<u32>)>) -> Option<String> {
        found.map(|(path, _)| path)
    }

    #[test]
    fn the_nearest_cluster_wins_and_a_tie_links_none() {
        let links = links(
            vec![
                cluster("overlays/dev/kafka.yaml", "events", None),
                cluster("overlays/prod/kafka.yaml", "events", None),
            ],
            Vec::new(),
        );
        let none = Declarations::default();
        let at = |p| path(from(&none, &links, p, &member("events", None)));
        assert_eq!(
            at("overlays/dev/topics/t.yaml").as_deref(),
            Some("overlays/dev/kafka.yaml")
        );
        assert_eq!(
            at("overlays/prod/t.yaml").as_deref(),
            Some("overlays/prod/kafka.yaml")
        );
        assert_eq!(at("base/t.yaml"), None);
        assert_eq!(at("overlays/t.yaml"), None);
    }

    #[test]
    fn the_own_file_wins_and_namespaces_must_agree_when_both_say_one() {
        let own = Declarations {
            clusters: vec![cluster("a/kafka.yaml", "events", Some("prod"))],
            pools: Vec::new(),
        };
        let links = links(
            vec![cluster("a/other.yaml", "events", Some("dev"))],
            Vec::new(),
        );
        let found = |ns| path(from(&own, &links, "a/kafka.yaml", &member("events", ns)));
        assert_eq!(found(Some("prod")).as_deref(), Some("a/kafka.yaml"));
        assert_eq!(found(None).as_deref(), Some("a/kafka.yaml"));
        assert_eq!(found(Some("dev")).as_deref(), Some("a/other.yaml"));
        assert_eq!(found(Some("test")), None);
    }

    #[test]
    fn node_pools_join_the_cluster_nearest_to_them() {
        let links = links(
            vec![
                cluster("dev/kafka.yaml", "events", None),
                cluster("prod/kafka.yaml", "events", None),
            ],
            vec![
                pool("dev/pools/brokers.yaml", "events", Some(1)),
                pool("prod/pools/brokers.yaml", "events", Some(3)),
                pool("prod/pools/more.yaml", "events", Some(2)),
                // A controller-only pool adds no broker.
                pool("prod/pools/controllers.yaml", "events", Some(0)),
                // Equally near both clusters: joins neither.
                pool("pools.yaml", "events", None),
                // Controllers only: the brokers are in files not linted.
                pool("test/pools/controllers.yaml", "events", Some(0)),
            ],
        );
        let mut test = links.clone();
        test.add(Declarations {
            clusters: vec![cluster("test/kafka.yaml", "events", None)],
            pools: Vec::new(),
        });
        let none = Declarations::default();
        let at = |p| from(&none, &test, p, &member("events", None));
        assert_eq!(at("dev/t.yaml"), Some(("dev/kafka.yaml".into(), Some(1))));
        assert_eq!(at("prod/t.yaml"), Some(("prod/kafka.yaml".into(), Some(5))));
        assert_eq!(at("test/t.yaml"), Some(("test/kafka.yaml".into(), None)));
    }

    #[test]
    fn the_clusters_own_count_wins_and_a_pool_without_a_number_makes_it_unknown() {
        let mut fixed = cluster("k/kafka.yaml", "events", None);
        fixed.brokers = Some(4);
        let pools = vec![pool("k/pool.yaml", "events", Some(2))];
        let none = Declarations::default();
        let fixed = links(vec![fixed], pools.clone());
        assert_eq!(
            from(&none, &fixed, "t.yaml", &member("events", None)),
            Some(("k/kafka.yaml".into(), Some(4)))
        );
        let mut unknown = pools;
        unknown.push(pool("k/other.yaml", "events", None));
        let unknown = links(vec![cluster("k/kafka.yaml", "events", None)], unknown);
        assert_eq!(
            from(&none, &unknown, "t.yaml", &member("events", None)),
            Some(("k/kafka.yaml".into(), None))
        );
    }
}
