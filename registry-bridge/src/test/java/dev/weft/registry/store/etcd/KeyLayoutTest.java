package dev.weft.registry.store.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.registry.model.ServiceId;
import dev.weft.registry.store.PublicationKey;
import io.etcd.jetcd.ByteSequence;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyLayoutTest {
  private final KeyLayout layout = new KeyLayout("/weft/registry/v1/");

  @Test
  void printableAsciiStaysAndEverythingElseIsEscaped() {
    assertThat(PathSegments.encode("dev.weft.Echo:1.0#@#DEFAULT_INSTANCE_ID#@#DEFAULT_GROUP"))
        .isEqualTo("dev.weft.Echo:1.0#@#DEFAULT_INSTANCE_ID#@#DEFAULT_GROUP");
    assertThat(PathSegments.encode("a/b%c d\u00e9\u4e2d\n"))
        .isEqualTo("a%2Fb%25c%20d%C3%A9%E4%B8%AD%0A");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"plain", "a/b", "%", "%2F", "100%/x", "\u00fc\u00f1\u00ee", "a b", "\ud83d\ude00"})
  void decodingGivesBackWhatWasEncoded(String segment) {
    assertThat(PathSegments.decode(PathSegments.encode(segment))).isEqualTo(segment);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a/b", "a%2f", "%41", "%", "%2", "%ZZ", "a b", "%C3", "\u00e9"})
  void decodingRefusesWhatEncodingNeverWrites(String encoded) {
    assertThatThrownBy(() -> PathSegments.decode(encoded))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aPublicationKeyRoundTripsThroughItsEtcdKey() {
    PublicationKey key =
        new PublicationKey(
            ServiceId.of("com/acme/Echo%:1.0", "G/1", "t\u00e9nant"), "0af3", "host/1:80");
    ByteSequence etcdKey = layout.publication(key);
    assertThat(etcdKey.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "/weft/registry/v1/publications/com%2Facme%2FEcho%25:1.0#@#t%C3%A9nant#@#G%2F1"
                + "/0af3/host%2F1:80");
    assertThat(layout.parsePublication(etcdKey)).isEqualTo(key);
    assertThat(etcdKey.startsWith(layout.publicationsPrefix())).isTrue();
  }

  @Test
  void sessionKeysAndTheRangeEnd() {
    assertThat(layout.session("0af3").toString(StandardCharsets.UTF_8))
        .isEqualTo("/weft/registry/v1/sessions/0af3");
    assertThat(layout.publicationsEnd().toString(StandardCharsets.UTF_8))
        .isEqualTo("/weft/registry/v1/publications0");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/weft/registry/v1/publications/only-one",
        "/weft/registry/v1/publications/a#@#b#@#c/owner",
        "/weft/registry/v1/publications/a#@#b#@#c/owner/r/extra",
        "/weft/registry/v1/publications/not-a-data-info-id/owner/r",
        "/weft/registry/v1/publications/a#@#b#@#c//r",
        "/weft/registry/v1/sessions/x"
      })
  void keysOutsideTheLayoutAreRefused(String key) {
    assertThatThrownBy(
            () -> layout.parsePublication(ByteSequence.from(key, StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"weft/", "/weft", ""})
  void theRootMustStartAndEndWithASlash(String root) {
    assertThatThrownBy(() -> EtcdStoreSettings.defaults().withRootPrefix(root))
        .hasMessageContaining("must start and end with '/'");
  }
}
