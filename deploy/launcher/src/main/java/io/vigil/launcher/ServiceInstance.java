package io.vigil.launcher;

/**
 * One process of a service. The first instance listens on the service's configured port; further instances
 * (a second alert-service sharing the database and the Kafka consumer group, say) on free ports of their own.
 *
 * @param number 1 for the first instance, then 2, 3 …; names the instance's log file
 */
public record ServiceInstance(Service service, int number, int port) {

    /** {@code alert-service} for the first instance, {@code alert-service-2} for the second … */
    public String name() {
        return number == 1 ? service.moduleName() : service.moduleName() + "-" + number;
    }
}
