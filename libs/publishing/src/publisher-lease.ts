/**
 * The lease that places the Kafka publisher in one process of a deployment:
 * two publishers at once would each publish the whole log. Any number of
 * publisher processes (or workers) may run; the lease holder publishes and
 * the others stand by to take over.
 */
export const KAFKA_PUBLISHER_LEASE = 'kafka-publisher';
