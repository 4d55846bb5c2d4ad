% gold_entries.m -- print sampled entries A(row,col) as a gold_entry table.
% pos is N x 2 of 0-based (C) row/col indices; duplicates are dropped, order kept.
function gold_entries(fid, name, A, pos, comment)
  [~, first] = unique(pos, 'rows', 'first');
  pos = pos(sort(first), :);
  if nargin > 4, fprintf(fid, '/* %s */\n', comment); end
  fprintf(fid, '/* samples of a %d x %d matrix, 0-based */\nGOLD gold_entry %s[] = {\n', rows(A), columns(A), name);
  for k = 1:rows(pos)
    fprintf(fid, '  {%d, %d, %.17g},\n', pos(k, 1), pos(k, 2), A(pos(k, 1) + 1, pos(k, 2) + 1));
  end
  fprintf(fid, '};\n\n');
end
