// The button a filtered list offers beside its filters' submit: shown only while a filter is
// applied, so an unfiltered list never shows a control that does nothing.
export function ClearFiltersButton({ filtered, onClear }: { filtered: boolean; onClear: () => void }) {
  if (!filtered) return null;
  return (
    <button type="button" className="secondary" onClick={onClear}>
      Clear filters
    </button>
  );
}
