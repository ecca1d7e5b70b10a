// Kafka's own verdict on configuration files, and Kafka's own ConfigDefs as
// catalog facts, from the jars of one Kafka version on the classpath.
//
//   java -cp 'target/kafka-jars/<version>/*' tests/kafka/KafkaOracle.java validate <manifest> <out>
//   java -cp 'target/kafka-jars/<version>/*' tests/kafka/KafkaOracle.java dump <catalog-version> <jar-version> <out.json>
//
// validate: <manifest> has one line per file, `role<TAB>path` (role: producer,
// consumer, admin, broker, topic, streams, connect), for a topic optionally
// `<TAB>broker-path`, the broker it is created on. Each file is loaded as Kafka's tools load it
// (Properties.load(InputStream), Latin-1) and handed to Kafka's validation:
//
//   producer  new ProducerConfig(props), then new KafkaProducer(props)
//   consumer  new ConsumerConfig(props), then new KafkaConsumer(props)
//   admin     new AdminClientConfig(props), then AdminClient.create(props)
//   broker    kafka.server.KafkaConfig.fromProps(props), then loading the class
//             authorizer.class.name names and (from 2.3) checking the topic
//             defaults as LogManager.apply does, as the broker's startup does
//   topic     LogConfig.validate(props) (kafka.log.LogConfig up to 3.5,
//             org.apache.kafka.storage.internals.log.LogConfig from 3.6);
//             from 3.6 as the controller does, over the topic defaults and
//             tiered-storage flag of the named broker, else of a default
//             broker with tiered storage on (see topic())
//   streams   new StreamsConfig(props), the configs of the clients it creates,
//             and LogConfig.validate of its `topic.` keys (needs the
//             kafka-streams jars: fetch-jars.sh --streams-connect)
//   connect   new DistributedConfig(props) (StandaloneConfig with
//             offset.storage.file.filename), and the configs of its internal
//             and its tasks' clients (needs the connect-runtime jars)
//
// The client constructors add checks that the Config classes do not make
// (an idempotent producer's acks, retries and in-flight requests up to 2.x,
// the admin client's default.api.timeout.ms, a consumer's heartbeat against
// its session); they open no connection that matters. For that stage only,
// bootstrap.servers is pointed at 127.0.0.1:9 (an unused loopback port: a host
// name in a file must not be looked up) and the client is closed at once. A
// broker is not started: what a real start checks beyond KafkaConfig
// (formatted log directories, a reachable quorum) needs a machine.
//
// What Kafka requires and the file lacks is filled with a placeholder before
// validating, and listed, so that the verdict is about what the file says:
// keys without a default in the ConfigDef (serializers, node.id), and for a
// broker what it cannot start without (zookeeper.connect for a ZooKeeper-era
// broker; a KRaft node's role, id, quorum and controller listener). <out>
// gets one JSON object a line, per file:
//
//   {"kind": "verdict", "path": P, "outcome": "accepted" | "refused" | "unsupported", "message": M}
//       refused: "<exception class>: <message>" (and its root cause); unsupported:
//       the role has no validator in this version (no admin client before 0.11)
//   {"kind": "missing", "path": P, "key": K}    required, absent, filled with a placeholder
//   {"kind": "keyerror", "path": P, "key": K, "message": M}
//       ConfigDef.validate's per-key errors, where it exists (from 0.10.0)
//
// dump: writes the ConfigDef of every role kafkalint's catalog has (producer,
// consumer, admin, broker, topic, and streams and connect where the
// kafka-streams and connect-runtime jars are on the class path) as JSON in the shape of the catalog files
// that tools/catalog-gen reads (see tests/kafka/dump-catalog.sh).
//
// Every Kafka class is reached by reflection, so one source compiles against
// any version's jars.

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

public class KafkaOracle {

    static final String CONFIG_DEF = "org.apache.kafka.common.config.ConfigDef";
    static final String STANDALONE_CONFIG = "org.apache.kafka.connect.runtime.standalone.StandaloneConfig";
    /** The key that only a standalone Connect worker reads (its offsets file). */
    static final String STANDALONE_KEY = "offset.storage.file.filename";

    /** Where each role's ConfigDef lives: `class#member`, tried in order. */
    static String[] configDefHolders(String role) {
        switch (role) {
            case "producer":
                return new String[] {"org.apache.kafka.clients.producer.ProducerConfig#CONFIG"};
            case "consumer":
                return new String[] {"org.apache.kafka.clients.consumer.ConsumerConfig#CONFIG"};
            case "admin":
                return new String[] {"org.apache.kafka.clients.admin.AdminClientConfig#CONFIG"};
            case "broker":
                return new String[] {
                    "kafka.server.KafkaConfig#configDef",
                    "org.apache.kafka.server.config.AbstractKafkaConfig#CONFIG_DEF"
                };
            case "topic":
                return new String[] {
                    "org.apache.kafka.storage.internals.log.LogConfig#CONFIG",
                    "kafka.log.LogConfig#configDef"
                };
            case "streams":
                return new String[] {"org.apache.kafka.streams.StreamsConfig#CONFIG"};
            case "connect":
                // The distributed worker, as Kafka's connect_config docs table.
                return new String[] {
                    "org.apache.kafka.connect.runtime.distributed.DistributedConfig#config",
                    "org.apache.kafka.connect.runtime.distributed.DistributedConfig#CONFIG"
                };
            default:
                throw new IllegalArgumentException("unknown role " + role);
        }
    }

    static Class<?> load(String name) {
        try {
            return Class.forName(name, true, KafkaOracle.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    /** The exception a reflective call threw, unwrapped. */
    static Throwable cause(Throwable t) {
        while (t instanceof InvocationTargetException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    static Object field(Object target, Class<?> c, String name) throws ReflectiveOperationException {
        Field f = c.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(target);
    }

    /** A member's value: a static field or no-argument method, or a Scala object's. */
    static Object member(Class<?> c, String name) throws ReflectiveOperationException {
        try {
            return field(null, c, name);
        } catch (NoSuchFieldException e) {
            // not a static field
        }
        try {
            Method m = c.getDeclaredMethod(name);
            if (Modifier.isStatic(m.getModifiers())) {
                m.setAccessible(true);
                return m.invoke(null);
            }
        } catch (NoSuchMethodException e) {
            // not a static method
        }
        // DistributedConfig.config(Crypto): the ConfigDef for a crypto
        // provider (its key-generation algorithms), the JVM's own as the docs use.
        for (Method m : c.getDeclaredMethods()) {
            Class<?>[] p = m.getParameterTypes();
            if (m.getName().equals(name) && Modifier.isStatic(m.getModifiers()) && p.length == 1) {
                m.setAccessible(true);
                return m.invoke(null, field(null, p[0], "SYSTEM"));
            }
        }
        Class<?> module = load(c.getName() + "$");
        if (module == null) {
            throw new NoSuchFieldException(c.getName() + "." + name);
        }
        Object instance = field(null, module, "MODULE$");
        // A private val of a Scala object that its companion class reads is
        // compiled to a field with a mangled name: kafka$server$KafkaConfig$$configDef.
        for (Field f : module.getDeclaredFields()) {
            if (f.getName().equals(name) || f.getName().endsWith("$$" + name)) {
                f.setAccessible(true);
                return f.get(instance);
            }
        }
        Method m = module.getDeclaredMethod(name);
        m.setAccessible(true);
        return m.invoke(instance);
    }

    /** The class that holds a role's ConfigDef in this version, and the member. */
    static String[] holder(String role) {
        for (String candidate : configDefHolders(role)) {
            String[] parts = candidate.split("#", 2);
            if (load(parts[0]) != null) {
                return parts;
            }
        }
        return null;
    }

    /** A role's ConfigDef: the first holder whose class loads and has the member. */
    static Object configDef(String role) throws ReflectiveOperationException {
        ReflectiveOperationException last = new ClassNotFoundException("no ConfigDef for role " + role);
        for (String candidate : configDefHolders(role)) {
            String[] parts = candidate.split("#", 2);
            Class<?> c = load(parts[0]);
            if (c == null) {
                continue;
            }
            try {
                return member(c, parts[1]);
            } catch (NoSuchFieldException | NoSuchMethodException e) {
                last = e;
            }
        }
        throw last;
    }

    /** StandaloneConfig's ConfigDef, where the connect-runtime jars are on the class path. */
    static Object standaloneConfigDef() throws ReflectiveOperationException {
        Class<?> c = load(STANDALONE_CONFIG);
        if (c == null) {
            throw new ClassNotFoundException(STANDALONE_CONFIG);
        }
        return member(c, "CONFIG");
    }

    /** A ConfigDef's keys, in the order the documentation lists them. */
    @SuppressWarnings("unchecked")
    static Collection<Object> keys(Object def) throws ReflectiveOperationException {
        Class<?> cd = load(CONFIG_DEF);
        try {
            Method sorted = cd.getDeclaredMethod("sortedConfigs");
            sorted.setAccessible(true);
            return (Collection<Object>) sorted.invoke(def);
        } catch (NoSuchMethodException e) {
            return ((Map<String, Object>) field(def, cd, "configKeys")).values();
        }
    }

    static boolean hasDefault(Object key) throws ReflectiveOperationException {
        Method m = key.getClass().getDeclaredMethod("hasDefault");
        m.setAccessible(true);
        return (Boolean) m.invoke(key);
    }

    static Object keyField(Object key, String name) throws ReflectiveOperationException {
        return field(key, key.getClass(), name);
    }

    // ------------------------------------------------------------------ validate

    /** One line of the verdicts file: a JSON object of string fields, in order. */
    static void emit(PrintWriter out, String... fields) {
        StringBuilder line = new StringBuilder("{");
        for (int i = 0; i < fields.length; i += 2) {
            line.append(i == 0 ? "" : ", ");
            json(line, fields[i]);
            line.append(": ");
            json(line, fields[i + 1]);
        }
        out.println(line.append('}'));
    }

    /** The exception, and what caused it when it only wraps another ("Failed to construct kafka producer"). */
    static String describe(Throwable t) {
        t = cause(t);
        String message = t.getMessage();
        String shown = t.getClass().getName() + ": " + (message == null ? "" : message);
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == t ? shown : shown + " (caused by " + describe(root) + ")";
    }

    /** A value for a required key the file lacks: enough for Kafka to get past it. */
    static String placeholder(String name, String type) {
        if (name.endsWith("deserializer")) {
            return "org.apache.kafka.common.serialization.ByteArrayDeserializer";
        }
        if (name.endsWith("serializer")) {
            return "org.apache.kafka.common.serialization.ByteArraySerializer";
        }
        if (name.endsWith("converter")) {
            return "org.apache.kafka.connect.json.JsonConverter";
        }
        switch (name) {
            case "bootstrap.servers": return "127.0.0.1:9";
            case "zookeeper.connect": return "127.0.0.1:2181";
            default: break;
        }
        switch (type) {
            case "int": case "long": case "short": return "1";
            case "double": return "1.0";
            case "boolean": return "false";
            default: return "placeholder";
        }
    }

    /** `new className(props)`, through its one-argument constructor that takes a Properties or a Map. */
    static Object construct(String className, Map<?, ?> props) throws Throwable {
        Class<?> c = load(className);
        if (c == null) {
            throw new ClassNotFoundException(className);
        }
        for (Constructor<?> k : c.getDeclaredConstructors()) {
            Class<?>[] p = k.getParameterTypes();
            if (p.length == 1 && p[0].isAssignableFrom(props.getClass())) {
                k.setAccessible(true);
                try {
                    return k.newInstance(props);
                } catch (InvocationTargetException e) {
                    throw cause(e);
                }
            }
        }
        throw new NoSuchMethodException(className + "(" + props.getClass().getSimpleName() + ")");
    }

    static Object invokeStatic(Method m, Object... args) throws Throwable {
        m.setAccessible(true);
        try {
            return m.invoke(null, args);
        } catch (InvocationTargetException e) {
            throw cause(e);
        }
    }

    /**
     * Closes a client without waiting for it: the verdict is taken, and a close
     * that would block (a consumer leaving a group it never found) is left to
     * die with the JVM.
     */
    static void closeQuietly(Object client) {
        Thread t = new Thread(() -> {
            try {
                for (Method m : client.getClass().getMethods()) {
                    if (m.getName().equals("close") && m.getParameterCount() == 1
                            && m.getParameterTypes()[0].getName().equals("java.time.Duration")) {
                        m.invoke(client, java.time.Duration.ZERO);
                        return;
                    }
                }
                for (Method m : client.getClass().getMethods()) {
                    if (m.getName().equals("close") && m.getParameterCount() == 2
                            && m.getParameterTypes()[0] == long.class) {
                        m.invoke(client, 0L, java.util.concurrent.TimeUnit.MILLISECONDS);
                        return;
                    }
                }
                client.getClass().getMethod("close").invoke(client);
            } catch (Throwable ignored) {
                // A failing close says nothing about the file.
            }
        });
        t.setDaemon(true);
        t.start();
    }

    static void client(String className, Properties props) throws Throwable {
        Properties copy = new Properties();
        copy.putAll(props);
        copy.setProperty("bootstrap.servers", "127.0.0.1:9");
        Object client = construct(className, copy);
        closeQuietly(client);
    }

    /** AdminClient.create: KafkaAdminClient checks more than AdminClientConfig (default.api.timeout.ms). */
    static void admin(Properties props) throws Throwable {
        Properties copy = new Properties();
        copy.putAll(props);
        copy.setProperty("bootstrap.servers", "127.0.0.1:9");
        Class<?> c = load("org.apache.kafka.clients.admin.AdminClient");
        Method create = c.getMethod("create", Properties.class);
        closeQuietly(invokeStatic(create, copy));
    }

    static void broker(Properties props) throws Throwable {
        brokerLogDefaults(invokeStatic(fromProps(), props), props);
    }

    /**
     * What LogManager.apply does first at a broker's startup: check the broker's
     * topic defaults, from 2.3 with LogConfig.validateValues (compaction lags),
     * from 3.6 with LogConfig.validateBrokerLogConfigValues(defaults, remote
     * storage enabled) (also local retention against retention). The defaults
     * come from KafkaServer.copyKafkaConfigToLog (2.3 to 2.7),
     * LogConfig.extractLogConfigMap (2.8 to 3.4) or config.extractLogConfigMap
     * (3.5 on). Releases without these check nothing there.
     */
    static void brokerLogDefaults(Object config, Properties props) throws Throwable {
        Object defaults = logDefaults(config);
        if (defaults == null) {
            return;
        }
        Method current = staticMethod("org.apache.kafka.storage.internals.log.LogConfig",
                "validateBrokerLogConfigValues", 2);
        if (current != null) {
            boolean remote = Boolean.parseBoolean(
                    props.getProperty("remote.log.storage.system.enable", "false").trim());
            invokeStatic(current, defaults, remote);
            return;
        }
        for (String holder : new String[] {"org.apache.kafka.storage.internals.log.LogConfig", "kafka.log.LogConfig"}) {
            Method older = staticMethod(holder, "validateValues", 1);
            if (older != null && older.getParameterTypes()[0] == Map.class) {
                invokeStatic(older, defaults);
                return;
            }
        }
    }

    /** The broker's topic defaults as LogManager.apply reads them, or null. */
    static Object logDefaults(Object config) throws Throwable {
        if (config == null) {
            return null;
        }
        try {
            return config.getClass().getMethod("extractLogConfigMap").invoke(config);
        } catch (NoSuchMethodException e) {
            // older releases: a static helper taking the KafkaConfig
        }
        for (String[] holder : new String[][] {
                {"kafka.log.LogConfig", "extractLogConfigMap"},
                {"kafka.server.KafkaServer", "copyKafkaConfigToLog"}}) {
            Method m = staticMethod(holder[0], holder[1], 1);
            if (m != null && m.getParameterTypes()[0].isInstance(config)) {
                return invokeStatic(m, config);
            }
            // A Scala object's method without a static forwarder: call it on MODULE$.
            Class<?> module = load(holder[0] + "$");
            if (module == null) {
                continue;
            }
            for (Method om : module.getMethods()) {
                if (om.getName().equals(holder[1]) && om.getParameterCount() == 1
                        && om.getParameterTypes()[0].isInstance(config)) {
                    try {
                        return om.invoke(module.getField("MODULE$").get(null), config);
                    } catch (InvocationTargetException e) {
                        throw cause(e);
                    }
                }
            }
        }
        return null;
    }

    /** The public static method `name` of class `holder` with `arity` parameters, or null. */
    static Method staticMethod(String holder, String name, int arity) {
        Class<?> c = load(holder);
        if (c == null) {
            return null;
        }
        for (Method m : c.getMethods()) {
            if (m.getName().equals(name) && Modifier.isStatic(m.getModifiers()) && m.getParameterCount() == arity) {
                return m;
            }
        }
        return null;
    }

    /**
     * A topic file as the controller (the broker, in ZooKeeper mode) validates
     * it when the topic is created or altered: from 3.6, LogConfig.validate's
     * broker overload, with the topic's settings merged over the broker's topic
     * defaults (KafkaConfig.extractLogConfigMap) and the broker's
     * remote.log.storage.system.enable (ControllerConfigurationValidator,
     * AdminZkClient). The broker is the file `brokerFile` names, else a broker
     * with every default and tiered storage on: what such a broker refuses,
     * any broker refuses (tiered storage off only adds a refusal). Releases
     * without that overload validate the topic's settings alone, as their
     * brokers do: LogConfig.validate(props).
     */
    static void topic(Properties props, String brokerFile) throws Throwable {
        Method full = topicValidator(true);
        if (full == null) {
            Method plain = topicValidator(false);
            if (plain == null) {
                throw new NoSuchMethodException("LogConfig.validate(Properties)");
            }
            invokeStatic(plain, props);
            return;
        }
        Properties broker = brokerFile == null ? new Properties() : loadProperties(brokerFile);
        boolean tiered = brokerFile == null || Boolean.parseBoolean(
                broker.getProperty("remote.log.storage.system.enable", "false").trim());
        Object defaults = logDefaults(brokerConfig(broker));
        // existing configs (none: a new topic), the file, the broker's defaults; then
        // the flag and, in 3.9, whether the cluster runs on ZooKeeper (no: KRaft).
        List<Object> maps = java.util.Arrays.asList(new HashMap<String, String>(), props, defaults);
        Class<?>[] types = full.getParameterTypes();
        Object[] args = new Object[types.length];
        int booleans = 0;
        int others = (int) java.util.Arrays.stream(types).filter(t -> t != boolean.class).count();
        int map = 3 - others;
        for (int i = 0; i < types.length; i++) {
            args[i] = types[i] == boolean.class ? (Object) (booleans++ == 0 && tiered) : maps.get(map++);
        }
        invokeStatic(full, args);
    }

    /**
     * LogConfig.validate: the broker's overload (with the remote storage flag)
     * when `broker`, else the one that takes the topic's settings alone.
     */
    static Method topicValidator(boolean broker) {
        Class<?> c = load(holder("topic")[0]);
        for (Method m : c.getMethods()) {
            if (!m.getName().equals("validate") || !Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            List<Class<?>> types = List.of(m.getParameterTypes());
            if (broker ? types.contains(boolean.class) : types.size() == 1) {
                return m;
            }
        }
        return null;
    }

    /** A broker's KafkaConfig from its settings, with what it lacks filled as for a broker file. */
    static Object brokerConfig(Properties settings) throws Throwable {
        Properties props = new Properties();
        props.putAll(settings);
        PrintWriter unreported = new PrintWriter(java.io.Writer.nullWriter());
        Object def = configDef("broker");
        completeBroker(def, props, "", unreported);
        for (Object key : keys(def)) {
            String name = (String) keyField(key, "name");
            if (!hasDefault(key)) {
                String type = keyField(key, "type").toString().toLowerCase(Locale.ROOT);
                fill(props, name, placeholder(name, type), "", unreported);
            }
        }
        return invokeStatic(fromProps(), props);
    }

    static Method fromProps() throws NoSuchMethodException {
        Class<?> c = load("kafka.server.KafkaConfig");
        for (Method m : c.getMethods()) {
            if (m.getName().equals("fromProps") && Modifier.isStatic(m.getModifiers())
                    && m.getParameterCount() == 1 && m.getParameterTypes()[0] == Properties.class) {
                return m;
            }
        }
        throw new NoSuchMethodException("KafkaConfig.fromProps(Properties)");
    }

    static Properties loadProperties(String path) throws IOException {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            props.load(in);
        }
        return props;
    }

    static void validate(String role, Properties props, String brokerFile) throws Throwable {
        switch (role) {
            case "producer":
                construct("org.apache.kafka.clients.producer.ProducerConfig", props);
                client("org.apache.kafka.clients.producer.KafkaProducer", props);
                break;
            case "consumer":
                construct("org.apache.kafka.clients.consumer.ConsumerConfig", props);
                client("org.apache.kafka.clients.consumer.KafkaConsumer", props);
                break;
            case "admin":
                construct("org.apache.kafka.clients.admin.AdminClientConfig", props);
                admin(props);
                break;
            case "broker":
                broker(props);
                loadAuthorizer(props);
                break;
            case "topic":
                topic(props, brokerFile);
                break;
            case "streams":
                streams(props);
                break;
            case "connect":
                connect(props);
                break;
            default:
                throw new IllegalArgumentException("unknown role " + role);
        }
    }

    /**
     * Creates the client a Streams application or Connect worker creates from
     * `props` (its config, then the client, as the client roles are checked):
     * the client constructors check more than the Config classes.
     */
    static void startClient(String configClass, Map<String, Object> props) throws Throwable {
        construct(configClass, props);
        Properties copy = new Properties();
        props.forEach((k, v) -> {
            if (v != null) { // a Properties holds no nulls; null is the default anyway
                copy.put(k, v);
            }
        });
        if (configClass.endsWith("ProducerConfig")) {
            client("org.apache.kafka.clients.producer.KafkaProducer", copy);
        } else if (configClass.endsWith("ConsumerConfig")) {
            client("org.apache.kafka.clients.consumer.KafkaConsumer", copy);
        } else {
            admin(copy);
        }
    }

    /** The config class each of Kafka Streams' client-config getters feeds. */
    static String clientConfigClass(String getter) {
        if (getter.contains("Producer")) {
            return "org.apache.kafka.clients.producer.ProducerConfig";
        }
        if (getter.contains("Consumer")) {
            return "org.apache.kafka.clients.consumer.ConsumerConfig";
        }
        return getter.contains("Admin") ? "org.apache.kafka.clients.admin.AdminClientConfig" : null;
    }

    /**
     * What a Kafka Streams application checks when it starts: new StreamsConfig,
     * then every client it creates from it (getProducerConfigs,
     * getMainConsumerConfigs, ..., getAdminConfigs, whichever this version has
     * with String and int parameters only), then its internal topics' configs
     * (the `topic.` keys), which the brokers check as any topic's.
     */
    @SuppressWarnings("unchecked")
    static void streams(Properties props) throws Throwable {
        Object config = construct("org.apache.kafka.streams.StreamsConfig", props);
        for (Method m : config.getClass().getMethods()) {
            String target = clientConfigClass(m.getName());
            if (!m.getName().startsWith("get") || !m.getName().endsWith("Configs") || target == null
                    || !Map.class.isAssignableFrom(m.getReturnType())) {
                continue;
            }
            Object[] args = new Object[m.getParameterCount()];
            boolean usable = true;
            for (int i = 0; i < args.length; i++) {
                Class<?> p = m.getParameterTypes()[i];
                args[i] = p == String.class ? "oracle" : p == int.class ? (Object) 0 : null;
                usable &= args[i] != null;
            }
            if (!usable) {
                continue;
            }
            Map<String, Object> clientProps;
            try {
                clientProps = (Map<String, Object>) m.invoke(config, args);
            } catch (InvocationTargetException e) {
                throw cause(e);
            }
            // The client supplier hands the (de)serializers over as objects.
            Map<String, Object> client = new HashMap<>(clientProps);
            String bytes = "org.apache.kafka.common.serialization.ByteArray";
            if (target.endsWith("ProducerConfig")) {
                client.putIfAbsent("key.serializer", bytes + "Serializer");
                client.putIfAbsent("value.serializer", bytes + "Serializer");
            } else if (target.endsWith("ConsumerConfig")) {
                client.putIfAbsent("key.deserializer", bytes + "Deserializer");
                client.putIfAbsent("value.deserializer", bytes + "Deserializer");
            }
            // The main consumer's assignor needs the running application's
            // internals (its reference container): its config alone is checked.
            if (m.getName().equals("getMainConsumerConfigs") || m.getName().equals("getConsumerConfigs")) {
                construct(target, client);
            } else {
                startClient(target, client);
            }
        }
        Map<String, Object> topicProps = (Map<String, Object>) config.getClass()
                .getMethod("originalsWithPrefix", String.class).invoke(config, "topic.");
        if (!topicProps.isEmpty()) {
            Properties topic = new Properties();
            topicProps.forEach((k, v) -> topic.setProperty(k, String.valueOf(v)));
            topic(topic, null);
        }
    }

    /**
     * What a Connect worker checks: its DistributedConfig (StandaloneConfig for a
     * file that names the offsets file), the clients of a distributed worker's
     * internal topics, which take every worker setting with byte-array
     * (de)serializers (KafkaOffsetBackingStore), and the clients of its connectors' tasks,
     * which take the `producer.`, `consumer.` and `admin.` keys over the worker's
     * bootstrap servers (Worker.producerConfigs/consumerConfigs/adminConfigs).
     */
    @SuppressWarnings("unchecked")
    static void connect(Properties props) throws Throwable {
        String worker = props.containsKey(STANDALONE_KEY)
                ? STANDALONE_CONFIG
                : "org.apache.kafka.connect.runtime.distributed.DistributedConfig";
        Map<String, String> strings = new HashMap<>();
        props.forEach((k, v) -> strings.put((String) k, (String) v));
        Object config = construct(worker, strings);
        Map<String, Object> originals = (Map<String, Object>) config.getClass().getMethod("originals").invoke(config);
        Method withPrefix = config.getClass().getMethod("originalsWithPrefix", String.class);
        String[][] clients = {
            {"producer.", "org.apache.kafka.clients.producer.ProducerConfig", "key.serializer", "value.serializer",
                "org.apache.kafka.common.serialization.ByteArraySerializer"},
            {"consumer.", "org.apache.kafka.clients.consumer.ConsumerConfig", "key.deserializer", "value.deserializer",
                "org.apache.kafka.common.serialization.ByteArrayDeserializer"},
            {"admin.", "org.apache.kafka.clients.admin.AdminClientConfig", null, null, null},
        };
        for (String[] client : clients) {
            Map<String, Object> internal = new HashMap<>(originals);
            Map<String, Object> task = new HashMap<>();
            task.put("bootstrap.servers", originals.getOrDefault("bootstrap.servers", "127.0.0.1:9"));
            if (client[2] != null) {
                for (Map<String, Object> m : List.of(internal, task)) {
                    m.put(client[2], client[4]);
                    m.put(client[3], client[4]);
                }
            }
            task.putAll((Map<String, Object>) withPrefix.invoke(config, client[0]));
            if (worker.endsWith("DistributedConfig")) {
                startClient(client[1], internal);
            }
            startClient(client[1], task);
        }
    }

    /**
     * The first thing a broker's startup does with `authorizer.class.name`
     * (KafkaConfig leaves it a string): load the class. A class the release
     * does not have stops the start with ClassNotFoundException.
     */
    static void loadAuthorizer(Properties props) throws ClassNotFoundException {
        String name = props.getProperty("authorizer.class.name", "").trim();
        if (!name.isEmpty()) {
            Class.forName(name, false, KafkaOracle.class.getClassLoader());
        }
    }

    /** Fills `key` with `value` when the file lacks it, and says so. */
    static void fill(Properties props, String key, String value, String path, PrintWriter out) {
        if (!props.containsKey(key)) {
            props.setProperty(key, value);
            emit(out, "kind", "missing", "path", path, "key", key);
        }
    }

    /**
     * What a broker cannot start without, beyond its ConfigDef's required keys:
     * a ZooKeeper-era broker (a version that knows zookeeper.connect, a file
     * without process.roles) its zookeeper.connect; a KRaft node its identity
     * and quorum (from 4.0, or where the file sets process.roles), as a broker
     * whose controller listener is CONTROLLER over PLAINTEXT.
     */
    static void completeBroker(Object def, Properties props, String path, PrintWriter out)
            throws ReflectiveOperationException {
        boolean zookeeper = false;
        for (Object key : keys(def)) {
            zookeeper |= "zookeeper.connect".equals(keyField(key, "name"));
        }
        if (zookeeper && !props.containsKey("process.roles")) {
            fill(props, "zookeeper.connect", "127.0.0.1:2181", path, out);
            return;
        }
        fill(props, "process.roles", "broker", path, out);
        // The placeholder follows broker.id where the file sets it: Kafka copies
        // one into the other (3.x) or requires them equal, and a placeholder that
        // differs would be refused for a reason the file does not have.
        fill(props, "node.id", props.getProperty("broker.id", "9999").trim(), path, out);
        if (!props.containsKey("controller.quorum.voters")) {
            fill(props, "controller.quorum.bootstrap.servers", "127.0.0.1:9093", path, out);
        }
        fill(props, "controller.listener.names", "CONTROLLER", path, out);
        fill(props, "listener.security.protocol.map",
                "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL",
                path, out);
    }

    static void validateFile(String role, String path, String brokerFile, PrintWriter out) {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            props.load(in);
        } catch (IOException | RuntimeException e) {
            emit(out, "kind", "verdict", "path", path, "outcome", "refused", "message", describe(e));
            return;
        }
        Object def;
        try {
            // A standalone Connect worker requires StandaloneConfig's keys, not DistributedConfig's.
            boolean standalone = role.equals("connect") && props.containsKey(STANDALONE_KEY);
            def = standalone ? standaloneConfigDef() : configDef(role);
        } catch (ReflectiveOperationException | LinkageError e) {
            emit(out, "kind", "verdict", "path", path, "outcome", "unsupported", "message", describe(e));
            return;
        }
        try {
            if (role.equals("broker")) {
                completeBroker(def, props, path, out);
            }
            for (Object key : keys(def)) {
                String name = (String) keyField(key, "name");
                if (!hasDefault(key)) {
                    String type = keyField(key, "type").toString().toLowerCase(Locale.ROOT);
                    fill(props, name, placeholder(name, type), path, out);
                }
            }
            Method perKey = def.getClass().getMethod("validate", Map.class);
            Map<String, String> values = new HashMap<>();
            for (String name : props.stringPropertyNames()) {
                values.put(name, props.getProperty(name));
            }
            for (Object value : (List<?>) perKey.invoke(def, values)) {
                String name = (String) value.getClass().getMethod("name").invoke(value);
                for (Object message : (List<?>) value.getClass().getMethod("errorMessages").invoke(value)) {
                    emit(out, "kind", "keyerror", "path", path, "key", name, "message", String.valueOf(message));
                }
            }
        } catch (NoSuchMethodException e) {
            // ConfigDef.validate came with 0.10.0: no per-key errors before.
        } catch (Throwable t) {
            emit(out, "kind", "keyerror", "path", path, "key", "", "message", describe(t));
        }
        try {
            validate(role, props, brokerFile);
            emit(out, "kind", "verdict", "path", path, "outcome", "accepted", "message", "");
        } catch (Throwable t) {
            emit(out, "kind", "verdict", "path", path, "outcome", "refused", "message", describe(t));
        }
    }

    // ---------------------------------------------------------------------- dump

    static void json(StringBuilder out, String s) {
        if (s == null) {
            out.append("null");
            return;
        }
        out.append('"');
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    static final Pattern DEPRECATED = Pattern.compile(
            "DEPRECATED|^\\s*Deprecated|^\\s*\\(deprecated\\)|[Dd]eprecated since"
                    + "|This (config|configuration|parameter)\\b[^.]*\\b(is|has been) deprecated"
                    + "|(^|[.!?]\\s+)Deprecated;");

    /** How the documentation shows a default (ConfigDef.getConfigValue, without the human suffix). */
    static String shownDefault(Object key, String type) throws ReflectiveOperationException {
        Object value = keyField(key, "defaultValue");
        if (value == null) {
            return null;
        }
        String shown;
        if (value instanceof List) {
            List<String> items = new ArrayList<>();
            for (Object item : (List<?>) value) {
                items.add(item instanceof Class ? ((Class<?>) item).getName() : String.valueOf(item));
            }
            shown = String.join(",", items);
        } else if (value instanceof Class) {
            shown = ((Class<?>) value).getName();
        } else if (type.equals("password")) {
            shown = "[hidden]";
        } else {
            shown = String.valueOf(value);
        }
        return shown.isEmpty() ? "\"\"" : shown;
    }

    /** A map that a class or Scala object holds (see member); empty where there is none. */
    @SuppressWarnings("unchecked")
    static Map<String, String> staticMap(String className, String name) {
        Class<?> c = load(className);
        if (c == null) {
            return new HashMap<>();
        }
        try {
            return (Map<String, String>) member(c, name);
        } catch (ReflectiveOperationException | ClassCastException e) {
            return new HashMap<>();
        }
    }

    static void dumpRole(StringBuilder out, String role) throws ReflectiveOperationException {
        Object def = configDef(role);
        Map<String, String> updateModes = new HashMap<>();
        if (role.equals("broker")) {
            // In core (Scala) up to 4.2, in the server module (Java) from 4.3.
            updateModes = staticMap("kafka.server.DynamicBrokerConfig", "dynamicConfigUpdateModes");
            if (updateModes.isEmpty()) {
                updateModes = staticMap("org.apache.kafka.server.config.DynamicBrokerConfig", "dynamicConfigUpdateModes");
            }
        }
        Map<String, String> serverDefaults = role.equals("topic")
                ? staticMap("org.apache.kafka.server.config.ServerTopicConfigSynonyms", "TOPIC_CONFIG_SYNONYMS")
                : new HashMap<>();
        out.append("    \"").append(role).append("\": [");
        boolean first = true;
        for (Object key : keys(def)) {
            String name = (String) keyField(key, "name");
            // Internal keys are left out of the documentation.
            Object internal = null;
            try {
                internal = keyField(key, "internalConfig");
            } catch (NoSuchFieldException e) {
                internal = Boolean.FALSE;
            }
            if (Boolean.TRUE.equals(internal)) {
                continue;
            }
            String type = keyField(key, "type").toString().toLowerCase(Locale.ROOT);
            boolean required = !hasDefault(key);
            Object validator = keyField(key, "validator");
            String doc = (String) keyField(key, "documentation");
            out.append(first ? "\n" : ",\n").append("      {\"name\": ");
            first = false;
            json(out, name);
            out.append(", \"type\": ");
            json(out, type);
            out.append(", \"default\": ");
            json(out, required ? null : shownDefault(key, type));
            out.append(", \"valid_values\": ");
            String shownValidator = validator == null ? "" : validator.toString();
            json(out, shownValidator.isEmpty() ? null : shownValidator);
            out.append(", \"importance\": ");
            json(out, keyField(key, "importance").toString().toLowerCase(Locale.ROOT));
            if (role.equals("broker")) {
                out.append(", \"update_mode\": ");
                json(out, updateModes.getOrDefault(name, "read-only"));
            }
            if (role.equals("topic") && serverDefaults.containsKey(name)) {
                out.append(", \"server_default_property\": ");
                json(out, serverDefaults.get(name));
            }
            if (required) {
                out.append(", \"required\": true");
            }
            out.append(", \"deprecated\": ")
                    .append(doc != null && DEPRECATED.matcher(doc).find())
                    .append('}');
        }
        out.append("\n    ]");
    }

    static void dump(String version, String jarVersion, Path target) throws Exception {
        // Only the roles this release has a ConfigDef for (no admin client before 0.11).
        List<String> present = new ArrayList<>();
        // Streams and Connect only where their jars are on the class path too.
        for (String role : new String[] {"producer", "consumer", "admin", "broker", "topic", "streams", "connect"}) {
            if (holder(role) != null) {
                present.add(role);
            }
        }
        String[] roles = present.toArray(new String[0]);
        StringBuilder out = new StringBuilder();
        out.append("{\n  \"version\": ");
        json(out, version);
        out.append(",\n  \"source\": ");
        json(out, "ConfigDef of the Kafka " + jarVersion + " jars (tests/kafka/KafkaOracle.java dump)");
        out.append(",\n  \"sources\": {");
        for (int i = 0; i < roles.length; i++) {
            out.append(i == 0 ? "\n" : ",\n").append("    \"").append(roles[i]).append("\": {\"class\": ");
            String[] holder = holder(roles[i]);
            json(out, holder == null ? null : holder[0] + "." + holder[1]);
            out.append(", \"jars\": ");
            json(out, jarVersion);
            out.append(", \"layout\": \"configdef-dump\"}");
        }
        out.append("\n  },\n  \"roles\": {\n");
        for (int i = 0; i < roles.length; i++) {
            dumpRole(out, roles[i]);
            out.append(i + 1 < roles.length ? ",\n" : "\n");
        }
        out.append("  }\n}\n");
        Files.writeString(target, out.toString(), StandardCharsets.UTF_8);
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("validate")) {
            List<String[]> files = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8)) {
                if (!line.isEmpty()) {
                    files.add(line.split("\t", 3));
                }
            }
            try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[2]), StandardCharsets.UTF_8))) {
                for (String[] file : files) {
                    validateFile(file[0], file[1], file.length > 2 ? file[2] : null, out);
                }
            }
        } else if (args.length == 4 && args[0].equals("dump")) {
            dump(args[1], args[2], Path.of(args[3]));
        } else {
            System.err.println("usage: KafkaOracle validate <manifest> <out> | dump <catalog-version> <jar-version> <out.json>");
            System.exit(2);
        }
        // Client threads (and a close left waiting) must not keep the JVM alive.
        System.exit(0);
    }
}
