{{ priority_mart(2) }}
