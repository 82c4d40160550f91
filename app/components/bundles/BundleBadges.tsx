// How a bundle's status and its state in Shopify read to merchants, in the list and in the editor.
import { Badge, Button, InlineStack, Text } from "@shopify/polaris";
import type { SyncLabel } from "../../services/bundles.server";

const STATUS: Record<string, { label: string; tone?: "success" | "info" | "attention" }> = {
  active: { label: "Active", tone: "success" },
  draft: { label: "Draft", tone: "info" },
  paused: { label: "Paused", tone: "attention" },
};

export function BundleStatusBadge({ status }: { status: string }) {
  const { label, tone } = STATUS[status] ?? { label: status };
  return <Badge tone={tone}>{label}</Badge>;
}

const SYNC: Record<SyncLabel, { label: string; tone?: "success" | "info" | "attention" | "critical" }> = {
  live: { label: "Live on storefront", tone: "success" },
  scheduled: { label: "Scheduled", tone: "info" },
  ended: { label: "Ended" },
  off: { label: "Not on storefront" },
  pending: { label: "Sync pending", tone: "attention" },
  failed: { label: "Sync failed", tone: "critical" },
};

/** "Live on storefront", "Sync pending", or "Sync failed: reason — Retry". */
export function BundleSyncState({
  sync,
  error,
  onRetry,
  retrying,
}: {
  sync: SyncLabel;
  error: string | null;
  onRetry?: () => void;
  retrying?: boolean;
}) {
  const { label, tone } = SYNC[sync];
  if (sync !== "failed") return <Badge tone={tone}>{label}</Badge>;
  return (
    <InlineStack gap="200" blockAlign="center" wrap>
      <Badge tone={tone}>{label}</Badge>
      {error ? (
        <Text as="span" tone="critical" variant="bodySm">
          {error}
        </Text>
      ) : null}
      {onRetry ? (
        <Button variant="plain" onClick={onRetry} loading={retrying}>
          Retry
        </Button>
      ) : null}
    </InlineStack>
  );
}
