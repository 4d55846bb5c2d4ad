% build_digits20.m -- digits20 and its held-out set, rebuilt from the MNIST test set
% (the recipe of docs/FACTS.md, "digits20").
%   X  5000 x 400: first 500 test digits of each class in the order 0,1,...,9
%   Xh 3992 x 400: the next 400 of each class (only 392 fives exist)
%   labels: 10 for digit 0, else the digit. Each row is a 20x20 image unrolled column-major.
function [X, y, Xh, yh] = build_digits20(mnist_dir)
  imgs = read_idx(fullfile(mnist_dir, 't10k-images-idx3-ubyte.gz')) / 255;
  labs = read_idx(fullfile(mnist_dir, 't10k-labels-idx1-ubyte.gz'));
  M = resize_course(28, 20);
  X = []; y = []; Xh = []; yh = [];
  for d = 0:9
    idx = find(labs == d);
    train = idx(1:500);
    held = idx(501:min(900, numel(idx)));
    lab = d + 10 * (d == 0);
    X  = [X;  resize_rows(imgs(train, :), M)];  y  = [y;  repmat(lab, numel(train), 1)];
    Xh = [Xh; resize_rows(imgs(held, :), M)];   yh = [yh; repmat(lab, numel(held), 1)];
  end
end

function R = resize_rows(I, M)
  R = zeros(size(I, 1), 400);
  for k = 1:size(I, 1)
    A = reshape(I(k, :), 28, 28)';          % A(r,c) = pixel at row r, column c
    B = M * A * M';
    R(k, :) = B(:)';                        % unroll column-major, as the course did
  end
end
