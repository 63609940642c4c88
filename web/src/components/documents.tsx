// A case's documents: the list with downloads (fetched with the token, never a bare link) and an
// upload form. Shared by the officers' case page and the exporters' application.
import { useRef, useState } from 'preact/hooks';
import { download, request } from '../api/client';
import type { DocumentRecord, Page as Paged } from '../api/types';
import { useAction } from './action';
import { Button, ErrorSummary, fieldId } from './forms';
import { LoadState, Notice, formatDateTime, useApi } from './ui';

export function Documents({ caseId, canUpload }: { caseId: string; canUpload: boolean }) {
  const action = useAction();
  const [generation, setGeneration] = useState(0);
  const file = useRef<HTMLInputElement>(null);
  const loaded = useApi<Paged<DocumentRecord>>(`/api/v1/applications/${caseId}/documents?limit=200&g=${generation}`);
  const fetchDocument = async (record: DocumentRecord) => {
    const blob = await download(`/api/v1/documents/${record.id}/content`);
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = record.filename;
    link.click();
    URL.revokeObjectURL(url);
  };
  const upload = (event: Event) => {
    event.preventDefault();
    const chosen = file.current?.files?.[0];
    void action.run(
      async () => {
        await request(`/api/v1/applications/${caseId}/documents?filename=${encodeURIComponent(chosen!.name)}`, {
          method: 'POST',
          rawBody: chosen!,
          contentType: chosen!.type || 'application/octet-stream',
        });
        if (file.current) file.current.value = '';
        setGeneration((n) => n + 1);
        return `${chosen!.name} is uploaded.`;
      },
      () => (chosen ? [] : [{ field: 'document', detail: 'Choose a file to upload' }]),
    );
  };
  const error = action.errors.find((e) => e.field === 'document');
  return (
    <>
      {action.done && <Notice>{action.done}</Notice>}
      <LoadState loaded={loaded} what="the documents" />
      {loaded.data && loaded.data.items.length === 0 && <p class="govuk-body">No documents yet.</p>}
      {loaded.data && loaded.data.items.length > 0 && (
        <ul class="govuk-list">
          {loaded.data.items.map((record) => (
            <li key={record.id}>
              <button type="button" class="echri-sort" onClick={() => void fetchDocument(record)}>
                {record.filename}
              </button>{' '}
              <span class="govuk-body-s">
                {record.content_type}, {Math.ceil(record.size / 1024)} KB, {formatDateTime(record.created_at)}
              </span>
            </li>
          ))}
        </ul>
      )}
      {canUpload && (
        <form onSubmit={upload}>
          <ErrorSummary errors={action.errors} general={action.general} />
          <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
            <label class="govuk-label govuk-label--s" for={fieldId('document')}>
              Upload a document
            </label>
            <div class="govuk-hint" id="document-hint">
              PDF, PNG, JPEG, text, CSV or JSON; at most 16 MB.
            </div>
            {error && (
              <p class="govuk-error-message">
                <span class="govuk-visually-hidden">Error:</span> {error.detail}
              </p>
            )}
            <input class="govuk-file-upload" id={fieldId('document')} type="file" ref={file} aria-describedby="document-hint" />
          </div>
          <Button type="submit" secondary disabled={action.busy}>
            Upload
          </Button>
        </form>
      )}
    </>
  );
}
