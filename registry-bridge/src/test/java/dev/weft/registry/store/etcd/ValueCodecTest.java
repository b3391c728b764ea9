package dev.weft.registry.store.etcd;

import static dev.weft.registry.store.etcd.EtcdStoreBehaviourTest.ECHO;
import static dev.weft.registry.store.etcd.EtcdStoreBehaviourTest.publication;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.api.registry.v1.StoredPublication;
import dev.weft.registry.model.Publication;
import dev.weft.registry.model.ServiceId;
import dev.weft.registry.store.PublicationKey;
import io.etcd.jetcd.ByteSequence;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ValueCodecTest {
  private final Publication publication = publication(ECHO, "r1", 12200);
  private final PublicationKey key = new PublicationKey(ECHO, "s1", "r1");

  @Test
  void aPublicationIsStoredAsFormatOneAndReadBack() throws Exception {
    ByteSequence value = ValueCodec.encode(publication, "sidecar-1", 1234L);
    StoredPublication stored = StoredPublication.parseFrom(value.getBytes());
    assertThat(stored.getFormat()).isEqualTo(1);
    assertThat(stored.getClientName()).isEqualTo("sidecar-1");
    assertThat(stored.getWrittenAtMillis()).isEqualTo(1234L);
    assertThat(ValueCodec.decode(key, value)).isEqualTo(publication);
  }

  @Test
  void unknownFormatsGarbageAndMismatchedKeysAreRefused() {
    ByteSequence formatTwo =
        ByteSequence.from(
            StoredPublication.newBuilder()
                .setFormat(2)
                .setPublication(dev.weft.registry.proto.RegistryProtos.publication(publication))
                .build()
                .toByteArray());
    assertThatThrownBy(() -> ValueCodec.decode(key, formatTwo)).hasMessageContaining("format 2");
    assertThatThrownBy(
            () -> ValueCodec.decode(key, ByteSequence.from("garbage", StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ValueCodec.decode(key, ByteSequence.EMPTY))
        .hasMessageContaining("format 0");
    PublicationKey other = new PublicationKey(ServiceId.of("other:1.0"), "s1", "r1");
    assertThatThrownBy(() -> ValueCodec.decode(other, ValueCodec.encode(publication, "", 1L)))
        .hasMessageContaining("not for its key");
  }

  @Test
  void theSessionValueSaysWhoAndWhichLease() {
    assertThat(
            ValueCodec.session("sidecar-1", 0xabcL, Instant.parse("2026-01-02T03:04:05Z"))
                .toString(StandardCharsets.UTF_8))
        .isEqualTo("client=sidecar-1\nlease=abc\nopened=2026-01-02T03:04:05Z\n");
  }

  @Test
  void leaseTtlsAreWholeSecondsOfAtLeastTwo() {
    EtcdStoreSettings settings = EtcdStoreSettings.defaults();
    assertThat(settings.leaseTtlSeconds()).isEqualTo(10);
    assertThat(settings.withSessionTtl(Duration.ofMillis(500)).leaseTtlSeconds()).isEqualTo(2);
    assertThat(settings.withSessionTtl(Duration.ofMillis(2500)).leaseTtlSeconds()).isEqualTo(3);
  }
}
