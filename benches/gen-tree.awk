# Generates a deterministic tree of Kafka configuration files for benches/run.sh.
#
#   awk -v root=DIR -v files=5000 -f benches/gen-tree.awk
#
# The tree looks like a configuration repository: env/team/service/<name>.properties,
# with producer, consumer, broker (server/broker-N) and topic files whose names carry
# their role, realistic keys and values, and a mistake in about one file in five.
# The random numbers come from a Park-Miller generator with a fixed seed (exact in
# awk's doubles), so every awk (gawk, mawk, busybox) writes the same bytes.

function rnd(n) {
    seed = (seed * 16807) % 2147483647
    return seed % n
}

function pick(list,    parts, count) {
    count = split(list, parts, "|")
    return parts[rnd(count) + 1]
}

function out(line) {
    print line > path
}

function mistake(kind,    m) {
    m = rnd(8)
    if (kind == "producer") {
        if (m == 0) out("acks=ALL")
        else if (m == 1) out("lingr.ms=" pick("5|10|20"))
        else if (m == 2) out("compression.type=gzipp")
        else if (m == 3) out("delivery.timeout.ms=2m")
        else if (m == 4) out("sasl.mechanisms=PLAIN")
        else if (m == 5) out("retries=" pick("3|5|10"))
        else if (m == 6) out("ssl.keystore.password=changeit")
        else out("max.in.flight.requests.per.connection=0")
    } else if (kind == "consumer") {
        if (m == 0) out("auto.offset.reset=earlist")
        else if (m == 1) out("session.timeout.ms=30s")
        else if (m == 2) out("enable.auto.commit=yes")
        else if (m == 3) out("max.poll.records=0")
        else if (m == 4) out("key.serializer=org.apache.kafka.common.serialization.StringSerializer")
        else if (m == 5) out("group.id=" svc "  ")
        else if (m == 6) out("metadata.broker.list=kafka-1:9092")
        else out("fetch.max.wait.ms=500ms")
    } else if (kind == "broker") {
        if (m == 0) out("zookeeper.connect=zk-1:2181,zk-2:2181,zk-3:2181")
        else if (m == 1) out("max.message.bytes=5242880")
        else if (m == 2) out("log.dirs=D:\\kafka\\logs")
        else if (m == 3) out("num.partitions=six")
        else if (m == 4) out("log.retention.hours=168")
        else if (m == 5) out("unclean.leader.election.enable=False ")
        else if (m == 6) out("log.cleaner.enable=true")
        else out("default.replication.factor=0")
    } else {
        if (m == 0) out("cleanup.policy=compact,delet")
        else if (m == 1) out("retention.ms=7d")
        else if (m == 2) out("message.max.bytes=2097152")
        else if (m == 3) out("min.insync.replicas=0")
        else if (m == 4) out("segment.bytes=1GB")
        else if (m == 5) out("compression.type=ZSTD")
        else if (m == 6) out("retention.ms=" pick("86400000|604800000"))
        else out("unclean.leader.election.enable=maybe")
    }
}

function security() {
    if (rnd(3) == 0) return
    out("")
    out("security.protocol=" pick("SASL_SSL|SSL|SASL_PLAINTEXT"))
    out("sasl.mechanism=" pick("SCRAM-SHA-512|SCRAM-SHA-256|PLAIN|OAUTHBEARER"))
    out("ssl.truststore.location=/etc/kafka/ssl/" env ".truststore.jks")
    out("ssl.truststore.type=" pick("JKS|PKCS12"))
    if (rnd(2) == 0) {
        out("config.providers=file")
        out("config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider")
        out("sasl.jaas.config=${file:/etc/kafka/secrets/" svc ".properties:sasl.jaas.config}")
    }
}

function producer() {
    out("# " svc " producer (" team ", " env "): " pick("durable, ordered, idempotent.|high throughput, batched.|low latency.|transactional writes."))
    if (rnd(6) == 0) out("# kafkalint: kafka-version=" pick("2.8|3.4|3.6|3.7|3.9|4.0"))
    out("bootstrap.servers=" brokers)
    out("client.id=" svc "-producer-" i)
    out("")
    out("key.serializer=org.apache.kafka.common.serialization." pick("StringSerializer|LongSerializer|ByteArraySerializer"))
    out("value.serializer=" pick("org.apache.kafka.common.serialization.ByteArraySerializer|io.confluent.kafka.serializers.KafkaAvroSerializer|org.apache.kafka.common.serialization.StringSerializer"))
    out("")
    out("# Durability")
    out("acks=" pick("all|all|1|-1"))
    out("enable.idempotence=" pick("true|true|false"))
    out("max.in.flight.requests.per.connection=" pick("1|5|5"))
    out("retries=" pick("2147483647|10|5"))
    out("delivery.timeout.ms=" pick("120000|300000|60000"))
    out("request.timeout.ms=" pick("30000|15000"))
    out("")
    out("# Throughput")
    out("linger.ms=" pick("0|5|10|20|50|100"))
    out("batch.size=" pick("16384|32768|65536|131072|262144"))
    out("compression.type=" pick("none|gzip|snappy|lz4|zstd"))
    out("buffer.memory=" pick("33554432|67108864"))
    if (rnd(3) == 0) out("max.request.size=" pick("1048576|2097152|5242880"))
    if (rnd(5) == 0) out("transactional.id=" svc "-tx-" i)
    if (rnd(4) == 0) out("schema.registry.url=https://schema-registry." env ".example.com")
    security()
}

function consumer() {
    out("# " svc " consumer (" team ", " env ")")
    if (rnd(6) == 0) out("# kafkalint: kafka-version=" pick("2.8|3.4|3.6|3.7|3.9|4.0"))
    out("bootstrap.servers=" brokers)
    out("group.id=" svc "-" pick("billing|reporting|indexer|audit|sync"))
    out("client.id=" svc "-consumer-" i)
    out("key.deserializer=org.apache.kafka.common.serialization." pick("StringDeserializer|LongDeserializer|ByteArrayDeserializer"))
    out("value.deserializer=" pick("org.apache.kafka.common.serialization.ByteArrayDeserializer|io.confluent.kafka.serializers.KafkaAvroDeserializer|org.apache.kafka.common.serialization.StringDeserializer"))
    out("")
    out("enable.auto.commit=" pick("false|true"))
    out("auto.offset.reset=" pick("earliest|latest|none"))
    out("isolation.level=" pick("read_committed|read_uncommitted"))
    out("max.poll.records=" pick("100|200|500|1000"))
    out("max.poll.interval.ms=" pick("300000|600000|900000"))
    out("session.timeout.ms=" pick("45000|30000|10000"))
    out("heartbeat.interval.ms=" pick("3000|10000|15000"))
    if (rnd(2) == 0) out("fetch.min.bytes=" pick("1|1024|65536"))
    if (rnd(2) == 0) out("fetch.max.wait.ms=" pick("100|500"))
    if (rnd(3) == 0) out("partition.assignment.strategy=org.apache.kafka.clients.consumer.CooperativeStickyAssignor")
    security()
}

function broker(id,    n) {
    out("# " env " cluster, node " id ": " pick("combined KRaft broker and controller.|KRaft broker.|broker of a three-node cluster."))
    out("process.roles=" pick("broker,controller|broker"))
    out("node.id=" id)
    out("controller.quorum.bootstrap.servers=kafka-1:9093,kafka-2:9093,kafka-3:9093")
    out("listeners=PLAINTEXT://:9092,CONTROLLER://:9093")
    out("advertised.listeners=PLAINTEXT://kafka-" id "." env ".example.com:9092")
    out("controller.listener.names=CONTROLLER")
    out("inter.broker.listener.name=PLAINTEXT")
    out("listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT")
    out("log.dirs=/var/lib/kafka/data" pick("|,/var/lib/kafka/data2"))
    out("")
    out("num.network.threads=" pick("3|8"))
    out("num.io.threads=" pick("8|16"))
    out("socket.send.buffer.bytes=102400")
    out("socket.receive.buffer.bytes=102400")
    out("socket.request.max.bytes=104857600")
    out("")
    out("num.partitions=" pick("1|3|6|12"))
    out("default.replication.factor=3")
    out("min.insync.replicas=2")
    out("offsets.topic.replication.factor=3")
    out("transaction.state.log.replication.factor=3")
    out("transaction.state.log.min.isr=2")
    out("unclean.leader.election.enable=false")
    out("")
    out("log.retention.hours=" pick("72|168|336"))
    out("log.segment.bytes=1073741824")
    out("log.retention.check.interval.ms=300000")
    out("message.max.bytes=" pick("1048588|2097152"))
    out("auto.create.topics.enable=" pick("false|false|true"))
}

function topic() {
    out("# Topic-level overrides for `" topicname "`, applied with kafka-configs.sh --add-config-file")
    out("cleanup.policy=" pick("delete|compact|compact,delete"))
    out("retention.ms=" pick("86400000|604800000|2592000000|-1"))
    out("min.insync.replicas=" pick("1|2"))
    out("max.message.bytes=" pick("1048588|2097152|5242880"))
    out("compression.type=" pick("producer|zstd|lz4"))
    if (rnd(2) == 0) out("segment.bytes=" pick("104857600|1073741824"))
    if (rnd(3) == 0) out("min.compaction.lag.ms=" pick("0|3600000"))
}

BEGIN {
    if (root == "") { print "gen-tree.awk: set -v root=DIR" > "/dev/stderr"; exit 2 }
    if (files == "") files = 5000
    seed = 20240601
    split("prod|staging|dev", envs, "|")
    split("payments|orders|search|identity|logistics|analytics|notifications|inventory|fraud|pricing|catalog|support", teams, "|")
    split("api|worker|ingest|export|gateway|scheduler|ledger|indexer|sync|audit", svcs, "|")
    split("orders|payments|clicks|audit-log|shipments|invoices|users|events|metrics|alerts", topics, "|")
    made = ""
    for (i = 0; i < files; i++) {
        env = envs[i % 3 + 1]
        team = teams[int(i / 3) % 12 + 1]
        svc = team "-" svcs[int(i / 36) % 10 + 1]
        dir = root "/" env "/" team "/" svc
        if (!(dir in dirs)) { dirs[dir] = 1; system("mkdir -p '" dir "'") }
        brokers = "kafka-1." env ".example.com:9092,kafka-2." env ".example.com:9092,kafka-3." env ".example.com:9092"
        r = rnd(20)
        if (r < 7) { kind = "producer"; name = pick(svc "-producer|producer|" svc "-producer-client") }
        else if (r < 14) { kind = "consumer"; name = pick(svc "-consumer|consumer|" svc "-consumer-client") }
        else if (r < 16) { kind = "broker"; name = pick("server|broker|broker-" (i % 3 + 1)) }
        else { kind = "topic"; topicname = topics[rnd(10) + 1]; name = "topic-" topicname }
        path = dir "/" name "-" sprintf("%04d", i) ".properties"
        if (kind == "producer") producer()
        else if (kind == "consumer") consumer()
        else if (kind == "broker") broker(i % 3 + 1)
        else topic()
        if (rnd(5) == 0) {
            mistake(kind)
            if (rnd(3) == 0) mistake(kind)
        }
        close(path)
    }
}
