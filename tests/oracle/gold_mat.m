% gold_mat.m -- print matrix A to the header as a flat ROW-MAJOR (C order) double array.
function gold_mat(fid, name, A, comment)
  if nargin > 3, fprintf(fid, '/* %s */\n', comment); end
  fprintf(fid, '/* %d x %d, row-major */\nGOLD double %s[] = {\n', rows(A), columns(A), name);
  for r = 1:rows(A)
    fprintf(fid, '  %s,\n', strjoin(arrayfun(@(v) sprintf('%.17g', v), A(r, :), 'UniformOutput', false), ', '));
  end
  fprintf(fid, '};\n\n');
end
