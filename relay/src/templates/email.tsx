/** @jsxRuntime automatic @jsxImportSource react */
// The pragma keeps this file rendering wherever it is compiled from (tsx run from the repo root
// reads the root tsconfig, which has no JSX setting, and fell back to `React.createElement`).
/**
 * HTML emails, built with React Email components (inline styles, table layout that mail clients
 * render) and rendered to HTML plus a plain-text part.
 */
import {
  Body,
  Button,
  Container,
  Head,
  Heading,
  Hr,
  Html,
  Preview,
  Section,
  Text,
  render,
} from "@react-email/components";
import type { Order } from "@parley/protocol";

const page = {
  backgroundColor: "#f4f5f7",
  fontFamily: "Helvetica, Arial, sans-serif",
  margin: 0,
  padding: "24px 0",
};
const card = { backgroundColor: "#ffffff", borderRadius: 8, padding: "24px 32px", maxWidth: 560 };
const muted = { color: "#5b6470", fontSize: 13 };
const row = { fontSize: 15, margin: "4px 0" };

interface Frame {
  company: string;
  subject: string;
  intro: string;
  closing: string;
}

function Layout({
  company,
  subject,
  intro,
  closing,
  children,
}: Frame & { children?: React.ReactNode }) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{subject}</Preview>
      <Body style={page}>
        <Container style={card}>
          <Heading as="h2" style={{ fontSize: 20, margin: "0 0 12px" }}>
            {subject}
          </Heading>
          <Text style={{ fontSize: 15 }}>{intro}</Text>
          {children}
          <Hr />
          <Text style={{ fontSize: 15 }}>{closing}</Text>
          <Text style={muted}>— The {company} team</Text>
        </Container>
      </Body>
    </Html>
  );
}

export interface DocumentEmail extends Frame {
  title: string;
  /** Paragraphs of the document itself, when it is text (a policy in Markdown, say). */
  paragraphs: string[];
  link?: string;
  attached: boolean;
}

function DocumentEmailView(props: DocumentEmail) {
  return (
    <Layout {...props}>
      <Section>
        {props.paragraphs.map((p, i) => (
          <Text key={i} style={row}>
            {p}
          </Text>
        ))}
      </Section>
      {props.attached ? (
        <Text style={muted}>The full {props.title} is attached to this email.</Text>
      ) : null}
      {props.link ? (
        <Button
          href={props.link}
          style={{ background: "#1f5fd6", color: "#fff", padding: "10px 16px", borderRadius: 6 }}
        >
          Open the {props.title}
        </Button>
      ) : null}
    </Layout>
  );
}

export interface OrderEmail extends Frame {
  order: Order;
  trackingUrl?: string;
}

function OrderEmailView(props: OrderEmail) {
  const { order } = props;
  return (
    <Layout {...props}>
      <Section>
        <Text style={row}>
          <strong>Order:</strong> #{order.order_id}
        </Text>
        {order.product ? (
          <Text style={row}>
            <strong>Item:</strong> {order.product}
          </Text>
        ) : null}
        <Text style={row}>
          <strong>Status:</strong> {order.status}
        </Text>
        {order.estimated_delivery ? (
          <Text style={row}>
            <strong>Estimated delivery:</strong> {order.estimated_delivery}
          </Text>
        ) : null}
        {order.tracking_id ? (
          <Text style={row}>
            <strong>Tracking id:</strong> {order.tracking_id}
          </Text>
        ) : null}
      </Section>
      {props.trackingUrl ? (
        <Button
          href={props.trackingUrl}
          style={{ background: "#1f5fd6", color: "#fff", padding: "10px 16px", borderRadius: 6 }}
        >
          Track your order
        </Button>
      ) : null}
    </Layout>
  );
}

export interface RenderedEmail {
  html: string;
  text: string;
}

export async function renderDocumentEmail(props: DocumentEmail): Promise<RenderedEmail> {
  const element = <DocumentEmailView {...props} />;
  return { html: await render(element), text: await render(element, { plainText: true }) };
}

export async function renderOrderEmail(props: OrderEmail): Promise<RenderedEmail> {
  const element = <OrderEmailView {...props} />;
  return { html: await render(element), text: await render(element, { plainText: true }) };
}
