package dev.weft.cli;

import dev.weft.api.registry.v1.ServiceEndpoints;
import dev.weft.registry.model.ServiceId;
import dev.weft.registry.model.ServiceSnapshot;
import dev.weft.registry.proto.RegistryProtos;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * {@code weft services --watch}: prints each change after the list that was printed, until stopped
 * (exit code 0) or until the registry goes away (exit code 3). Changes are printed on the command's
 * thread, in the order they arrive.
 */
final class ServiceWatch {
  private sealed interface Event permits Changed, Ended, Stop {}

  private record Changed(ServiceSnapshot service) implements Event {}

  private record Ended(Throwable error) implements Event {}

  private record Stop() implements Event {}

  private final RegistryClient client;
  private final ServicePrinter printer;
  private final Predicate<ServiceId> filter;
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

  ServiceWatch(RegistryClient client, ServicePrinter printer, Predicate<ServiceId> filter) {
    this.client = client;
    this.printer = printer;
    this.filter = filter;
  }

  /**
   * Watches services whose dataId starts with {@code prefix}, skipping what {@code listed} already
   * showed, until the action given to {@code onShutdown} runs.
   */
  int run(String prefix, List<ServiceSnapshot> listed, Consumer<Runnable> onShutdown)
      throws InterruptedException {
    Map<ServiceId, Long> shown = new HashMap<>();
    listed.forEach(s -> shown.put(s.service(), s.version()));
    CountDownLatch done = new CountDownLatch(1);
    Context.CancellableContext watch = client.watch(prefix, new Observer());
    onShutdown.accept(
        () -> {
          events.add(new Stop());
          try {
            done.await(5, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    try {
      while (true) {
        Event event = events.take();
        if (event instanceof Stop) {
          return ExitCodes.OK;
        }
        if (event instanceof Ended ended) {
          throw lost(ended.error());
        }
        ServiceSnapshot service = ((Changed) event).service();
        Long version = shown.get(service.service());
        if (filter.test(service.service()) && (version == null || service.version() > version)) {
          shown.put(service.service(), service.version());
          printer.change(service);
        }
      }
    } finally {
      watch.cancel(null);
      done.countDown();
    }
  }

  /** Whatever ended the watch, the registry went away: exit code 3. */
  private CliException lost(Throwable error) {
    if (error == null) {
      return CliException.unreachable(
          "the registry", client.address().toString(), "it ended the watch", null);
    }
    Status status = Status.fromThrowable(error);
    String detail =
        Reasons.of(
            status.getCause(),
            status.getDescription() == null ? "no reason given" : status.getDescription());
    return CliException.unreachable(
        "the registry",
        client.address().toString(),
        "the watch broke (" + status.getCode() + ": " + detail + ")",
        error);
  }

  private final class Observer implements StreamObserver<ServiceEndpoints> {
    @Override
    public void onNext(ServiceEndpoints service) {
      events.add(new Changed(RegistryProtos.snapshot("service", service)));
    }

    @Override
    public void onError(Throwable error) {
      events.add(new Ended(error));
    }

    @Override
    public void onCompleted() {
      events.add(new Ended(null));
    }
  }
}
