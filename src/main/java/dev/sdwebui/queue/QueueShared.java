package dev.sdwebui.queue;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every job record of one queue shares: the single queue lock (all job state changes and event
 * publication happen under it, which keeps each job's events in order), the clock, the subscribers and
 * the event sequence.
 */
record QueueShared(Object lock, Clock clock, EventHub hub, AtomicLong sequence) {
}
