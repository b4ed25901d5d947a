const FEATURES = {
  assistant: {
    title: 'Assistant',
    what: 'questions about your numbers, answered with the query and a chart',
  },
} as const;

/** A section whose server API has not landed yet: it says so plainly and shows no made-up numbers. */
export default function NotYetPage({ feature }: { feature: keyof typeof FEATURES }) {
  const f = FEATURES[feature];
  return (
    <main className="page">
      <h1>{f.title}</h1>
      <div className="empty" data-testid="not-available">
        <p className="empty-title">{f.title} is not available yet.</p>
        <p>
          This section will show {f.what} once its server API is part of PRM. Nothing here is shown until
          then.
        </p>
      </div>
    </main>
  );
}
